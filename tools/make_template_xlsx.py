"""Build docs/template.xlsx (the one-workbook form of a package) from the CSV template in docs/template/.

Usage: python tools/make_template_xlsx.py [OUT.xlsx]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "template"
TABLE_ORDER = [
    "regions",
    "departments",
    "initiatives",
    "milestones",
    "rollouts",
    "metrics",
    "targets",
    "funding",
    "updates",
]


def build(out: Path, template: Path = TEMPLATE) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "package"
    for line in (template / "package.yaml").read_text(encoding="utf-8").splitlines():
        ws.append([line])
    ws.column_dimensions["A"].width = 110
    for name in TABLE_ORDER:
        path = template / f"{name}.csv"
        if not path.exists():
            continue
        sheet = wb.create_sheet(name)
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                sheet.append(row)  # text cells: what the CSV says, exactly
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    wb.save(out)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "template.xlsx")
