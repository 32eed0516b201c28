"""Generate the two illustrative Shafaf demo data packages (data contract v1).

    python tools/make_demo.py

writes `data/demo/2026-04/` (as of 2026-04-30) and `data/demo/2026-10/` (as of 2026-10-31).
Every figure is invented. The output is deterministic: one event timeline (rollouts,
milestone plans, statuses, updates) is cut at each package's `as_of`, and every monthly
value is drawn from a generator seeded by its own (initiative, region, month), so the
figures for months both packages cover are identical (except one deliberate restatement).
Needs only the standard library and PyYAML.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SEED = "shafaf-demo-v1"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "demo"
PACKAGES = (("2026-04", dt.date(2026, 4, 30)), ("2026-10", dt.date(2026, 10, 31)))
LATE = dt.date(2026, 10, 31)  # the later package's as_of: changes "between the packages"
FILES = (
    "package.yaml",
    "regions.csv",
    "departments.csv",
    "initiatives.csv",
    "milestones.csv",
    "rollouts.csv",
    "metrics.csv",
    "targets.csv",
    "funding.csv",
    "updates.csv",
)
STAGES = ("planned", "pilot", "live", "scaled", "retired")
ACTIVE_STAGES = ("pilot", "live", "scaled")
METRIC_ORDER = (
    "transactions",
    "active_users",
    "satisfaction",
    "digital_takeup",
    "completion_rate",
    "cost_per_transaction",
)

# --------------------------------------------------------------------------------------
# package.yaml vocabulary
# --------------------------------------------------------------------------------------

FUNCTIONS = {
    "complaints": ("Complaints and grievances", "شکایات اور ان کا ازالہ", "شکایتونه او د هغو حل"),
    "payments": ("Payments and revenue", "ادائیگیاں اور محصولات", "تادیات او عواید"),
    "records": ("Records and registration", "ریکارڈ اور اندراج", "ریکارډ او ثبت"),
    "licensing": ("Licences and permits", "لائسنس اور اجازت نامے", "جوازونه او اجازه لیکونه"),
    "alerts": ("Alerts and early warning", "انتباہ اور پیشگی اطلاع", "خبرتیاوې او مخکېنی خبرداری"),
    "health": ("Health services", "صحت کی سہولیات", "روغتیايي خدمات"),
    "education": ("Education", "تعلیم", "ښوونه او روزنه"),
    "transport": ("Transport and traffic", "ٹرانسپورٹ اور ٹریفک", "ټرانسپورټ او ټرافیک"),
    "advisory": ("Information and advice", "معلومات اور رہنمائی", "معلومات او لارښوونه"),
}

METRICS = {
    "transactions": (
        "Transactions",
        "لین دین",
        "معاملې",
        {"unit": "count", "aggregate": "sum", "headline": True},
    ),
    "active_users": (
        "Active users",
        "فعال صارفین",
        "فعال کاروونکي",
        {"unit": "people", "aggregate": "sum", "headline": True},
    ),
    "satisfaction": (
        "User satisfaction",
        "صارفین کا اطمینان",
        "د کاروونکو رضایت",
        {"unit": "percent", "aggregate": "mean", "weight": "transactions"},
    ),
    "digital_takeup": (
        "Digital take-up",
        "ڈیجیٹل استعمال کی شرح",
        "د ډیجیټل کارونې کچه",
        {"unit": "percent", "aggregate": "mean", "weight": "transactions"},
    ),
    "completion_rate": (
        "Completion rate",
        "مکمل ہونے والی درخواستوں کی شرح",
        "د بشپړو شویو غوښتنو کچه",
        {"unit": "percent", "aggregate": "mean", "weight": "transactions"},
    ),
    "cost_per_transaction": (
        "Cost per transaction",
        "فی ٹرانزیکشن لاگت",
        "د هرې معاملې لګښت",
        {"unit": "PKR", "aggregate": "mean", "weight": "transactions"},
    ),
}

# --------------------------------------------------------------------------------------
# Regions: Pakistan > Khyber Pakhtunkhwa > 7 divisions > 36 districts
# Populations: rounded orders of magnitude after the 2023 census (illustrative).
# --------------------------------------------------------------------------------------

DIVISIONS = (
    # (id suffix, name, ur, ps, [(district slug, name, ur, ps, population), ...])
    (
        "pesh",
        "Peshawar Division",
        "پشاور ڈویژن",
        "پېښور ډویژن",
        (
            ("peshawar", "Peshawar", "پشاور", "پېښور", 4758762),
            ("charsadda", "Charsadda", "چارسدہ", "چارسده", 1835504),
            ("nowshera", "Nowshera", "نوشہرہ", "نوښار", 1740705),
            ("khyber", "Khyber", "خیبر", "خیبر", 1146267),
            ("mohmand", "Mohmand", "مہمند", "مومند", 553933),
        ),
    ),
    (
        "mard",
        "Mardan Division",
        "مردان ڈویژن",
        "مردان ډویژن",
        (
            ("mardan", "Mardan", "مردان", "مردان", 2744898),
            ("swabi", "Swabi", "صوابی", "صوابۍ", 1894600),
        ),
    ),
    (
        "haza",
        "Hazara Division",
        "ہزارہ ڈویژن",
        "هزاره ډویژن",
        (
            ("abbottabad", "Abbottabad", "ایبٹ آباد", "ایبټ آباد", 1419072),
            ("haripur", "Haripur", "ہری پور", "هري پور", 1169592),
            ("mansehra", "Mansehra", "مانسہرہ", "مانسهره", 1797177),
            ("battagram", "Battagram", "بٹگرام", "بټګرام", 541102),
            ("torghar", "Torghar", "تورغر", "تورغر", 200987),
            ("kolai-palas", "Kolai-Palas", "کولئی پالس", "کولي پالس", 306347),
            ("lower-kohistan", "Lower Kohistan", "لوئر کوہستان", "کوز کوهستان", 352093),
            ("upper-kohistan", "Upper Kohistan", "اپر کوہستان", "بر کوهستان", 393542),
        ),
    ),
    (
        "koha",
        "Kohat Division",
        "کوہاٹ ڈویژن",
        "کوهاټ ډویژن",
        (
            ("kohat", "Kohat", "کوہاٹ", "کوهاټ", 1234661),
            ("hangu", "Hangu", "ہنگو", "هنګو", 625128),
            ("karak", "Karak", "کرک", "کرک", 815878),
            ("kurram", "Kurram", "کرم", "کرم", 785434),
            ("orakzai", "Orakzai", "اورکزئی", "اورکزي", 254356),
        ),
    ),
    (
        "mala",
        "Malakand Division",
        "ملاکنڈ ڈویژن",
        "ملاکنډ ډویژن",
        (
            ("swat", "Swat", "سوات", "سوات", 2687384),
            ("lower-dir", "Lower Dir", "لوئر دیر", "کوز دیر", 1650183),
            ("upper-dir", "Upper Dir", "اپر دیر", "بر دیر", 1083308),
            ("malakand", "Malakand", "ملاکنڈ", "ملاکنډ", 826331),
            ("buner", "Buner", "بونیر", "بونیر", 1016869),
            ("shangla", "Shangla", "شانگلہ", "شانګله", 891252),
            ("bajaur", "Bajaur", "باجوڑ", "باجوړ", 1287960),
            ("lower-chitral", "Lower Chitral", "لوئر چترال", "کوز چترال", 320407),
            ("upper-chitral", "Upper Chitral", "اپر چترال", "بر چترال", 195528),
        ),
    ),
    (
        "bann",
        "Bannu Division",
        "بنوں ڈویژن",
        "بنو ډویژن",
        (
            ("bannu", "Bannu", "بنوں", "بنو", 1357890),
            ("lakki-marwat", "Lakki Marwat", "لکی مروت", "لکي مروت", 1040856),
            ("north-waziristan", "North Waziristan", "شمالی وزیرستان", "شمالي وزیرستان", 693332),
        ),
    ),
    (
        "deik",
        "Dera Ismail Khan Division",
        "ڈیرہ اسماعیل خان ڈویژن",
        "ډېره اسماعیل خان ډویژن",
        (
            ("dera-ismail-khan", "Dera Ismail Khan", "ڈیرہ اسماعیل خان", "ډېره اسماعیل خان", 1829010),
            ("tank", "Tank", "ٹانک", "ټانک", 467271),
            ("upper-south-waziristan", "Upper South Waziristan", "اپر جنوبی وزیرستان", "بر سویلي وزیرستان", 428766),
            ("lower-south-waziristan", "Lower South Waziristan", "لوئر جنوبی وزیرستان", "کوز سویلي وزیرستان", 459932),
        ),
    ),
)

MERGED = {
    "khyber",
    "mohmand",
    "bajaur",
    "kurram",
    "orakzai",
    "north-waziristan",
    "upper-south-waziristan",
    "lower-south-waziristan",
}
REMOTE = {
    "upper-kohistan",
    "lower-kohistan",
    "kolai-palas",
    "torghar",
    "upper-chitral",
    "lower-chitral",
    "shangla",
    "battagram",
}
COLD = {
    "upper-chitral",
    "lower-chitral",
    "upper-dir",
    "upper-kohistan",
    "lower-kohistan",
    "kolai-palas",
    "swat",
    "shangla",
}
FLOOD_2022 = {
    "swat",
    "nowshera",
    "charsadda",
    "dera-ismail-khan",
    "tank",
    "upper-kohistan",
    "lower-kohistan",
    "malakand",
}
READINESS = {
    "peshawar": 1.5,
    "abbottabad": 1.3,
    "mardan": 1.1,
    "haripur": 1.1,
    "nowshera": 1.0,
    "swabi": 0.95,
    "charsadda": 0.9,
    "swat": 1.0,
    "kohat": 0.95,
    "dera-ismail-khan": 0.9,
    "bannu": 0.8,
    "mansehra": 0.9,
    "lower-dir": 0.85,
    "malakand": 0.9,
}


def rid(slug: str) -> str:
    """Region id of a district or division slug."""
    return f"pk-kp-{slug}"


REGIONS: list[dict] = [
    {
        "region_id": "pk",
        "parent_id": "",
        "level": "country",
        "name": "Pakistan",
        "name:ur": "پاکستان",
        "name:ps": "پاکستان",
        # left empty on purpose: this package covers only Khyber Pakhtunkhwa, so the country's
        # per-1,000 figures fall back to the population of the districts it does cover
        "population": "",
    },
    {
        "region_id": "pk-kp",
        "parent_id": "pk",
        "level": "province",
        "name": "Khyber Pakhtunkhwa",
        "name:ur": "خیبر پختونخوا",
        "name:ps": "خیبر پښتونخوا",
        "population": 0,
    },
]
PARENT: dict[str, str] = {"pk-kp": "pk", "pk": ""}
NAME: dict[str, tuple[str, str, str]] = {
    "pk": ("Pakistan", "پاکستان", "پاکستان"),
    "pk-kp": ("Khyber Pakhtunkhwa", "خیبر پختونخوا", "خیبر پښتونخوا"),
}
POP: dict[str, int] = {}
DISTRICTS: list[str] = []  # region ids of the leaves
DIVISION_OF: dict[str, str] = {}
SLUG: dict[str, str] = {}
for _div, _n, _ur, _ps, _districts in DIVISIONS:
    _pop = sum(d[4] for d in _districts)
    REGIONS.append(
        {
            "region_id": rid(_div),
            "parent_id": "pk-kp",
            "level": "division",
            "name": _n,
            "name:ur": _ur,
            "name:ps": _ps,
            "population": _pop,
        }
    )
    PARENT[rid(_div)] = "pk-kp"
    NAME[rid(_div)] = (_n, _ur, _ps)
    POP[rid(_div)] = _pop
    for _slug, _dn, _dur, _dps, _dpop in _districts:
        REGIONS.append(
            {
                "region_id": rid(_slug),
                "parent_id": rid(_div),
                "level": "district",
                "name": _dn,
                "name:ur": _dur,
                "name:ps": _dps,
                "population": _dpop,
            }
        )
        PARENT[rid(_slug)] = rid(_div)
        NAME[rid(_slug)] = (_dn, _dur, _dps)
        POP[rid(_slug)] = _dpop
        DISTRICTS.append(rid(_slug))
        DIVISION_OF[rid(_slug)] = rid(_div)
        SLUG[rid(_slug)] = _slug
POP["pk-kp"] = sum(POP[d] for d in DISTRICTS)
REGIONS[1]["population"] = POP["pk-kp"]
CHILDREN: dict[str, list[str]] = defaultdict(list)
for _r in REGIONS:
    if _r["parent_id"]:
        CHILDREN[_r["parent_id"]].append(_r["region_id"])


def leaves(region: str) -> list[str]:
    """The districts under (or equal to) a region."""
    if region in DISTRICTS:
        return [region]
    return [leaf for child in CHILDREN[region] for leaf in leaves(child)]


def ancestors(region: str) -> list[str]:
    """The region's ancestors, nearest first."""
    out = []
    while PARENT.get(region):
        region = PARENT[region]
        out.append(region)
    return out


# --------------------------------------------------------------------------------------
# Departments and initiatives
# --------------------------------------------------------------------------------------

DEPARTMENTS = (
    (
        "kp-itb",
        "Khyber Pakhtunkhwa Information Technology Board",
        "خیبر پختونخوا انفارمیشن ٹیکنالوجی بورڈ",
        "د خیبر پښتونخوا د معلوماتي ټکنالوژۍ بورډ",
        "Information technology",
    ),
    ("kp-traffic", "Traffic Police", "ٹریفک پولیس", "ټرافیک پولیس", "Law and order"),
    ("kp-bos", "Bureau of Statistics", "ادارہ شماریات", "د احصایې بیورو", "Statistics"),
    (
        "kp-wssc",
        "Water and Sanitation Services Company",
        "واٹر اینڈ سینی ٹیشن سروسز کمپنی",
        "د اوبو رسولو او صفايي خدماتو کمپنۍ",
        "Municipal services",
    ),
    (
        "kp-pdma",
        "Provincial Disaster Management Authority",
        "صوبائی ڈیزاسٹر مینجمنٹ اتھارٹی",
        "د ناورینونو د مدیریت صوبايي اداره",
        "Disaster management",
    ),
    ("kp-health", "Health Department", "محکمہ صحت", "د روغتیا محکمه", "Health"),
    (
        "kp-ese",
        "Elementary and Secondary Education Department",
        "محکمہ ابتدائی و ثانوی تعلیم",
        "د ابتدايي او ثانوي زده کړو محکمه",
        "Education",
    ),
    ("kp-bor", "Board of Revenue", "بورڈ آف ریونیو", "د عوایدو بورډ", "Revenue"),
    (
        "kp-etnc",
        "Excise, Taxation and Narcotics Control Department",
        "محکمہ ایکسائز، ٹیکسیشن و انسداد منشیات",
        "د اېکسایز، مالیاتو او نشه يي توکو د مخنیوي محکمه",
        "Revenue",
    ),
    ("kp-lg", "Local Government Department", "محکمہ بلدیات", "د سیمه ییزو حکومتونو محکمه", "Local government"),
    ("kp-police", "Khyber Pakhtunkhwa Police", "خیبر پختونخوا پولیس", "د خیبر پښتونخوا پولیس", "Law and order"),
    ("kp-agri", "Agriculture Department", "محکمہ زراعت", "د کرنې محکمه", "Agriculture"),
    (
        "kp-transport",
        "Transport and Mass Transit Department",
        "محکمہ ٹرانسپورٹ و ماس ٹرانزٹ",
        "د ټرانسپورټ او عامه لېږد محکمه",
        "Transport",
    ),
    ("kp-finance", "Finance Department", "محکمہ خزانہ", "د مالیې محکمه", "Finance"),
    ("kp-hed", "Higher Education Department", "محکمہ اعلیٰ تعلیم", "د لوړو زده کړو محکمه", "Education"),
    ("kp-swd", "Social Welfare Department", "محکمہ سماجی بہبود", "د ټولنیزې هوساینې محکمه", "Social protection"),
)

# status is (status in 2026-04, status in 2026-10); target_date likewise when it changed.
INITIATIVES = (
    dict(
        id="citizen-portal",
        name="Citizen Complaint Portal",
        ur="شہری شکایات پورٹل",
        ps="د وګړو د شکایتونو پورټل",
        dept="kp-itb",
        fn="complaints",
        summary="One web and mobile window to file a complaint with any provincial department "
        "and follow it until it is resolved; each complaint goes to the responsible "
        "office with a deadline.",
        status=("live", "live"),
        start="2018-07-01",
        target="2019-06-30",
        budget=450000000,
        site=True,
        oss="false",
    ),
    dict(
        id="e-challan",
        name="Traffic e-Challan",
        ur="ٹریفک ای چالان",
        ps="د ټرافیک برېښنايي چالان",
        dept="kp-traffic",
        fn="transport",
        summary="Handheld devices and cameras issue traffic fines that can be paid online or "
        "at any bank, replacing paper tickets.",
        status=("live", "live"),
        start="2019-09-01",
        target="2026-12-31",
        budget=820000000,
        site=True,
        oss="false",
    ),
    dict(
        id="flood-alerts",
        name="Disaster Early Warning SMS",
        ur="قدرتی آفات کی پیشگی اطلاع کا ایس ایم ایس نظام",
        ps="د ناورینونو د مخکېنۍ خبرتیا ایس ایم ایس سیسټم",
        dept="kp-pdma",
        fn="alerts",
        summary="Location-based SMS and voice alerts for floods, flash floods, heatwaves and "
        "heavy snowfall, sent to every mobile subscriber in the areas at risk.",
        status=("live", "live"),
        start="2020-01-15",
        target="2021-06-30",
        budget=310000000,
        site=True,
        oss="true",
    ),
    dict(
        id="land-records",
        name="Digital Land Records",
        ur="اراضی ریکارڈ کی کمپیوٹرائزیشن",
        ps="د ځمکو د ریکارډ کمپیوټري کول",
        dept="kp-bor",
        fn="records",
        summary="Computerised land record service centres issue ownership extracts (fard) and "
        "register mutations the same day, without going through the patwari.",
        status=("in_progress", "in_progress"),
        start="2019-03-01",
        target="2027-06-30",
        budget=2400000000,
        site=True,
        oss="false",
    ),
    dict(
        id="e-stamping",
        name="e-Stamping",
        ur="ای اسٹامپنگ",
        ps="ای سټامپنګ",
        dept="kp-bor",
        fn="payments",
        summary="Stamp duty on property and legal documents is paid through a bank-issued "
        "e-stamp paper with a QR code that anyone can verify.",
        status=("live", "live"),
        start="2020-06-01",
        target="2022-06-30",
        budget=190000000,
        site=True,
        oss="",
    ),
    dict(
        id="driving-licence",
        name="Online Driving Licence",
        ur="آن لائن ڈرائیونگ لائسنس",
        ps="د موټر چلولو آنلاین جواز",
        dept="kp-traffic",
        fn="licensing",
        summary="Learner permits, driving tests and licence renewals booked online; "
        "computerised licences are printed at division licensing centres.",
        status=("live", "live"),
        start="2019-01-01",
        target="2023-12-31",
        budget=560000000,
        site=True,
        oss="false",
    ),
    dict(
        id="vehicle-registration",
        name="Vehicle Registration and Token Tax",
        ur="گاڑیوں کی رجسٹریشن اور ٹوکن ٹیکس",
        ps="د موټرو ثبت او ټوکن ټکس",
        dept="kp-etnc",
        fn="licensing",
        summary="Register a vehicle, transfer ownership and pay token tax online; smart "
        "registration cards are posted to the owner.",
        status=("live", "live"),
        start="2020-09-01",
        target="2024-06-30",
        budget=680000000,
        site=True,
        oss="false",
    ),
    dict(
        id="birth-death",
        name="Birth and Death Registration",
        ur="پیدائش و اموات کا اندراج",
        ps="د زیږون او مړینې ثبت",
        dept="kp-lg",
        fn="records",
        summary="Union council secretaries register births and deaths on a tablet; families "
        "receive a computerised certificate recognised by NADRA.",
        status=("in_progress", "live"),
        start="2023-01-01",
        target="2026-07-31",
        budget=1350000000,
        site=True,
        oss="true",
    ),
    dict(
        id="school-monitoring",
        name="School Monitoring App",
        ur="اسکول مانیٹرنگ ایپ",
        ps="د ښوونځیو د څارنې اپلیکېشن",
        dept="kp-ese",
        fn="education",
        summary="Independent monitors visit every government school each month and record "
        "teacher and student attendance and missing facilities on a tablet.",
        status=("live", "live"),
        start="2019-01-01",
        target="2021-12-31",
        budget=720000000,
        site=True,
        oss="false",
    ),
    dict(
        id="health-card",
        name="Sehat Card Plus",
        ur="صحت کارڈ پلس",
        ps="صحت کارډ پلس",
        dept="kp-health",
        fn="health",
        summary="Free in-patient treatment at listed public and private hospitals for every "
        "resident family, checked against the CNIC at admission.",
        status=("live", "live"),
        start="2020-11-01",
        target="2022-12-31",
        budget=28000000000,
        site=True,
        oss="false",
    ),
    dict(
        id="e-procurement",
        name="e-Procurement System",
        ur="ای پروکیورمنٹ نظام",
        ps="د دولتي پېرودنې آنلاین سیسټم",
        dept="kp-finance",
        fn="payments",
        summary="Tenders of all provincial departments are published, submitted and "
        "evaluated online, with results open to the public.",
        status=("live", "live"),
        start="2021-07-01",
        target="2023-06-30",
        budget=240000000,
        site=True,
        oss="false",
    ),
    dict(
        id="water-billing",
        name="WSSC Water Billing and Complaints",
        ur="پانی کے بلوں کی آن لائن ادائیگی اور شکایات",
        ps="د اوبو د بلونو آنلاین تادیه او شکایتونه",
        dept="kp-wssc",
        fn="payments",
        summary="Households view and pay water and sanitation bills online and report leaks, "
        "blocked drains and missed rubbish collection.",
        status=("live", "live"),
        start="2020-03-01",
        target="2023-12-31",
        budget=150000000,
        site=True,
        oss="false",
    ),
    dict(
        id="agri-advisory",
        name="Farmer Advisory SMS and Helpline",
        ur="کسانوں کے لیے مشاورتی ایس ایم ایس اور ہیلپ لائن",
        ps="د بزګرانو لپاره مشورتي پیغامونه او مرستندویه ټیلیفون",
        dept="kp-agri",
        fn="advisory",
        summary="Weather, pest and market-price advice by SMS and voice message in Pashto, "
        "Urdu and Hindko, with a helpline farmers can call.",
        status=("live", "paused"),
        start="2021-02-01",
        target="2024-12-31",
        budget=95000000,
        site=True,
        oss="false",
    ),
    dict(
        id="e-pay",
        name="e-Pay KP",
        ur="ای پے خیبر پختونخوا",
        ps="ای پې خیبر پښتونخوا",
        dept="kp-finance",
        fn="payments",
        summary="Payment gateway for government fees, taxes and fines from any bank app, mobile wallet or ATM.",
        status=("live", "live"),
        start="2022-03-01",
        target="2022-12-31",
        budget=120000000,
        site=True,
        oss="false",
    ),
    dict(
        id="police-access",
        name="Police Access Service",
        ur="پولیس رسائی سروس",
        ps="د پولیسو د لاسرسي خدمت",
        dept="kp-police",
        fn="complaints",
        summary="Register an FIR or a complaint, request a character certificate or report "
        "lost documents online or at a Police Access Service counter.",
        status=("live", "live"),
        start="2019-05-01",
        target="2022-12-31",
        budget=380000000,
        site=True,
        oss="false",
    ),
    dict(
        id="college-admissions",
        name="Online College Admissions",
        ur="سرکاری کالجوں میں آن لائن داخلے",
        ps="په دولتي کالجونو کې آنلاین داخلې",
        dept="kp-hed",
        fn="education",
        summary="One online application for intermediate and BS admission to all government "
        "colleges; merit lists are published online.",
        status=("live", "live"),
        start="2020-06-01",
        target="2021-09-30",
        budget=60000000,
        site=True,
        oss="true",
    ),
    dict(
        id="telemedicine",
        name="Telemedicine Hubs",
        ur="ٹیلی میڈیسن مراکز",
        ps="د ټیلي میډیسن مرکزونه",
        dept="kp-health",
        fn="health",
        summary="Video consultations with specialists for patients at basic health units in remote districts.",
        status=("paused", "live"),
        start="2021-10-01",
        target="2024-06-30",
        budget=210000000,
        site=True,
        oss="false",
    ),
    dict(
        id="social-registry",
        name="Social Protection Registry",
        ur="سماجی تحفظ رجسٹری",
        ps="د ټولنیز خوندیتوب ثبت",
        dept="kp-swd",
        fn="records",
        summary="A single registry of households eligible for welfare, disability and widow "
        "support, checked against NADRA records.",
        status=("planned", "planned"),
        start="2026-07-01",
        target="2028-06-30",
        budget=900000000,
        site=False,
        oss="",
    ),
    dict(
        id="statistics-portal",
        name="Open Statistics Portal",
        ur="اوپن شماریات پورٹل",
        ps="د خلاصې احصایې پورټل",
        dept="kp-bos",
        fn="records",
        summary="Publishes provincial statistics and survey data as open, machine-readable "
        "tables with explanations in Urdu and Pashto.",
        status=("in_progress", "in_progress"),
        start="2025-03-01",
        target="2026-12-31",
        budget=45000000,
        site=True,
        oss="true",
    ),
    dict(
        id="brt-card",
        name="BRT Zu Card",
        ur="بی آر ٹی زو کارڈ",
        ps="بي آر ټي زو کارډ",
        dept="kp-transport",
        fn="transport",
        summary="Contactless smart card and mobile top-up for Peshawar's bus rapid transit and feeder routes.",
        status=("live", "live"),
        start="2020-08-13",
        target="2021-06-30",
        budget=520000000,
        site=True,
        oss="false",
    ),
    dict(
        id="smart-meters",
        name="Smart Water Meters",
        ur="پانی کے اسمارٹ میٹر",
        ps="د اوبو هوښیار میټرونه",
        dept="kp-wssc",
        fn="payments",
        summary="Prepaid smart water meters piloted in Peshawar; cancelled in 2024 after the "
        "pilot showed frequent meter failures and a high cost per connection.",
        status=("cancelled", "cancelled"),
        start="2022-10-01",
        target="2025-06-30",
        budget=300000000,
        site=False,
        oss="false",
    ),
    dict(
        id="digital-mandi",
        name="Digital Mandi",
        ur="ڈیجیٹل منڈی",
        ps="ډیجیټل منډۍ",
        dept="kp-agri",
        fn="payments",
        summary="Online auction and payment at wholesale produce markets, with daily prices published for farmers.",
        status=("planned", "in_progress"),
        start="2026-09-01",
        target="2027-12-31",
        budget=250000000,
        site=False,
        oss="",
    ),
)
INI = {i["id"]: i for i in INITIATIVES}

# --------------------------------------------------------------------------------------
# Rollouts: one timeline; each package keeps the rows dated on or before its as_of.
# --------------------------------------------------------------------------------------

ROLLOUTS: list[tuple[str, str, str, str]] = []


def ro(ini: str, region: str, stage: str, date: str) -> None:
    """Add one rollout row (region given as id or district/division slug)."""
    region = region if region.startswith("pk") else rid(region)
    ROLLOUTS.append((ini, region, stage, date))


def wave(ini: str, slugs: str, stage: str, first: str, step_days: int = 0) -> None:
    """Add the same stage for several regions, optionally spaced `step_days` apart."""
    d = dt.date.fromisoformat(first)
    for slug in slugs.split():
        ro(ini, slug, stage, d.isoformat())
        d += dt.timedelta(days=step_days)


# Complaint portal: Peshawar pilot, then province-wide; Peshawar's own rows keep step.
ro("citizen-portal", "peshawar", "pilot", "2019-01-15")
ro("citizen-portal", "peshawar", "live", "2019-06-01")
ro("citizen-portal", "peshawar", "scaled", "2021-03-01")
ro("citizen-portal", "pk-kp", "live", "2019-06-01")
ro("citizen-portal", "pk-kp", "scaled", "2021-03-01")

# Traffic e-challan: city by city; the south and merged districts come last or never.
ro("e-challan", "peshawar", "pilot", "2019-10-01")
ro("e-challan", "peshawar", "live", "2020-01-15")
ro("e-challan", "peshawar", "scaled", "2021-06-01")
wave("e-challan", "mardan abbottabad swat nowshera charsadda", "live", "2020-09-01", 91)
wave("e-challan", "dera-ismail-khan kohat swabi haripur mansehra", "live", "2022-01-10", 120)
wave("e-challan", "bannu malakand lower-dir", "live", "2023-09-01", 140)
ro("e-challan", "mardan", "scaled", "2023-01-15")
ro("e-challan", "abbottabad", "scaled", "2024-04-01")
ro("e-challan", "karak", "planned", "2025-10-01")
ro("e-challan", "lakki-marwat", "planned", "2025-11-15")
ro("e-challan", "karak", "live", "2026-06-15")  # new in 2026-10
ro("e-challan", "lakki-marwat", "pilot", "2026-08-01")  # new in 2026-10
ro("e-challan", "hangu", "planned", "2026-07-01")  # new in 2026-10

# Early warning SMS: Malakand division pilot, then province-wide; voice + cell broadcast.
ro("flood-alerts", "pk-kp-mala", "pilot", "2020-05-01")
ro("flood-alerts", "pk-kp-mala", "live", "2020-07-01")
ro("flood-alerts", "pk-kp-mala", "scaled", "2022-06-01")
ro("flood-alerts", "pk-kp", "live", "2020-07-01")
ro("flood-alerts", "pk-kp", "scaled", "2022-06-01")

# Land records: service centres district by district; merged districts lag.
wave("land-records", "peshawar mardan", "pilot", "2019-04-01", 61)
wave("land-records", "peshawar mardan", "live", "2019-12-01", 62)
wave("land-records", "nowshera charsadda swabi abbottabad haripur", "live", "2020-07-01", 45)
wave("land-records", "swat kohat dera-ismail-khan bannu mansehra malakand lower-dir", "live", "2021-02-01", 45)
wave("land-records", "karak hangu lakki-marwat buner upper-dir tank battagram", "live", "2022-02-01", 50)
wave("land-records", "shangla lower-chitral", "live", "2023-04-01", 120)
ro("land-records", "peshawar", "scaled", "2022-01-15")
ro("land-records", "mardan", "scaled", "2022-05-01")
ro("land-records", "khyber", "pilot", "2024-09-01")
ro("land-records", "bajaur", "pilot", "2025-02-01")
ro("land-records", "mohmand", "planned", "2025-06-01")
ro("land-records", "kurram", "planned", "2025-09-01")
ro("land-records", "khyber", "live", "2026-05-20")  # new in 2026-10
ro("land-records", "mohmand", "pilot", "2026-09-01")  # new in 2026-10

# e-Stamping: Peshawar pilot, then every district at once.
ro("e-stamping", "peshawar", "pilot", "2020-07-01")
ro("e-stamping", "peshawar", "live", "2021-03-01")
ro("e-stamping", "pk-kp", "live", "2021-03-01")

# Driving licence: division licensing centres.
ro("driving-licence", "pk-kp-pesh", "pilot", "2019-02-01")
ro("driving-licence", "pk-kp-pesh", "live", "2019-06-01")
ro("driving-licence", "pk-kp-mard", "live", "2020-01-15")
ro("driving-licence", "pk-kp-haza", "live", "2020-06-15")
ro("driving-licence", "pk-kp-mala", "live", "2020-11-01")
ro("driving-licence", "pk-kp-koha", "live", "2021-04-01")
ro("driving-licence", "pk-kp-bann", "live", "2021-09-01")
ro("driving-licence", "pk-kp-deik", "live", "2021-12-01")
ro("driving-licence", "pk-kp-pesh", "scaled", "2023-03-01")

# Vehicle registration: central system for the whole province.
ro("vehicle-registration", "peshawar", "pilot", "2020-09-15")
ro("vehicle-registration", "peshawar", "live", "2020-12-01")
ro("vehicle-registration", "peshawar", "scaled", "2023-07-01")
ro("vehicle-registration", "pk-kp", "live", "2020-12-01")
ro("vehicle-registration", "pk-kp", "scaled", "2023-07-01")

# Birth and death registration: pilots, district launches, province-wide in July 2026.
wave("birth-death", "peshawar haripur swat", "pilot", "2023-03-01", 14)
wave("birth-death", "peshawar haripur swat", "live", "2024-01-10", 60)
wave("birth-death", "mardan charsadda abbottabad kohat dera-ismail-khan", "pilot", "2025-01-15", 20)
wave("birth-death", "mardan charsadda abbottabad kohat dera-ismail-khan", "live", "2025-06-01", 30)
ro("birth-death", "pk-kp", "planned", "2025-06-01")
ro("birth-death", "pk-kp", "live", "2026-07-01")  # new in 2026-10

# School monitoring: province-wide from the start; merged districts joined in 2020.
ro("school-monitoring", "pk-kp", "live", "2019-01-01")
ro("school-monitoring", "pk-kp", "scaled", "2020-10-01")
for _s in sorted(MERGED):
    ro("school-monitoring", _s, "planned", "2019-01-01")
    ro("school-monitoring", _s, "live", "2020-03-01")

# Health card: Malakand division first, then the whole province.
ro("health-card", "pk-kp-mala", "live", "2020-11-01")
ro("health-card", "pk-kp-mala", "scaled", "2023-01-01")
ro("health-card", "pk-kp", "live", "2021-11-01")
ro("health-card", "pk-kp", "scaled", "2023-01-01")

ro("e-procurement", "pk-kp", "pilot", "2021-09-01")
ro("e-procurement", "pk-kp", "live", "2022-01-01")

# Water billing: the cities that have a water and sanitation company.
ro("water-billing", "peshawar", "pilot", "2020-04-01")
ro("water-billing", "peshawar", "live", "2020-09-01")
wave("water-billing", "mardan abbottabad swat kohat bannu dera-ismail-khan", "live", "2021-03-01", 155)
ro("water-billing", "peshawar", "scaled", "2024-01-10")

# Farmer advisory: the plains first.
wave("agri-advisory", "mardan charsadda", "pilot", "2021-03-01", 0)
wave("agri-advisory", "mardan charsadda swabi peshawar nowshera", "live", "2021-09-01", 0)
wave(
    "agri-advisory",
    "swat lower-dir dera-ismail-khan bannu kohat haripur mansehra lakki-marwat buner",
    "live",
    "2022-02-01",
    30,
)
wave("agri-advisory", "malakand upper-dir karak tank abbottabad", "live", "2023-02-01", 45)

ro("e-pay", "pk-kp", "pilot", "2022-03-15")
ro("e-pay", "pk-kp", "live", "2022-07-01")
ro("e-pay", "pk-kp", "scaled", "2024-01-01")

# Police access service: division by division; most merged districts still only planned.
ro("police-access", "peshawar", "pilot", "2019-06-01")
ro("police-access", "peshawar", "live", "2019-10-01")
ro("police-access", "pk-kp-pesh", "live", "2020-01-15")
ro("police-access", "pk-kp-mard", "live", "2020-03-01")
ro("police-access", "pk-kp-haza", "live", "2020-09-01")
ro("police-access", "pk-kp-mala", "live", "2021-03-01")
ro("police-access", "pk-kp-koha", "live", "2021-10-01")
ro("police-access", "pk-kp-bann", "live", "2022-05-01")
ro("police-access", "pk-kp-deik", "live", "2022-11-15")
ro("police-access", "khyber", "planned", "2020-01-15")
ro("police-access", "khyber", "live", "2022-02-01")
ro("police-access", "mohmand", "planned", "2020-01-15")
ro("police-access", "mohmand", "live", "2023-06-01")
ro("police-access", "bajaur", "planned", "2021-03-01")
ro("police-access", "kurram", "planned", "2021-10-01")
ro("police-access", "orakzai", "planned", "2021-10-01")
ro("police-access", "north-waziristan", "planned", "2022-05-01")
ro("police-access", "upper-south-waziristan", "planned", "2022-11-15")
ro("police-access", "lower-south-waziristan", "planned", "2022-11-15")

ro("college-admissions", "pk-kp", "live", "2020-07-01")

# Telemedicine: remote districts only (paused Nov 2025 - Jul 2026, see PAUSES).
wave("telemedicine", "upper-chitral lower-chitral upper-kohistan", "pilot", "2021-11-01", 0)
wave(
    "telemedicine",
    "upper-chitral lower-chitral upper-kohistan lower-kohistan kolai-palas torghar shangla battagram",
    "live",
    "2022-05-01",
    0,
)
wave(
    "telemedicine",
    "north-waziristan upper-south-waziristan lower-south-waziristan kurram orakzai bajaur",
    "live",
    "2023-03-01",
    14,
)

ro("social-registry", "pk-kp", "planned", "2026-03-01")
ro("statistics-portal", "pk-kp", "pilot", "2026-02-01")
ro("brt-card", "peshawar", "live", "2020-08-13")
ro("brt-card", "peshawar", "scaled", "2022-01-01")
ro("smart-meters", "peshawar", "pilot", "2023-01-10")
ro("smart-meters", "peshawar", "retired", "2024-06-30")
ro("digital-mandi", "peshawar", "planned", "2026-03-01")
ro("digital-mandi", "mardan", "planned", "2026-03-01")
ro("digital-mandi", "peshawar", "pilot", "2026-10-15")  # new in 2026-10

# Months in which an initiative sends no figures at all (service paused).
PAUSES = {
    "telemedicine": (("2025-11", "2026-07"),),
    "agri-advisory": (("2026-09", "2099-12"),),
}

# --------------------------------------------------------------------------------------
# Metric model
# --------------------------------------------------------------------------------------

# level: where figures are reported (district = each active district; division = each
# division with its own rollout rows; province = pk-kp).  per1000: monthly transactions per
# 1,000 people at maturity.  Percent/cost ranges go from launch to maturity.
MODEL = {
    "citizen-portal": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "completion_rate"),
        per1000=1.2,
        tau=10,
        growth=0.12,
        users=0.8,
        satisfaction=(52, 71),
        completion_rate=(64, 88),
        season="complaints",
        source="Citizen Portal MIS",
    ),
    "e-challan": dict(
        level="district",
        metrics=("transactions", "active_users", "digital_takeup", "cost_per_transaction"),
        per1000=9,
        tau=8,
        growth=0.08,
        users=0.92,
        digital_takeup=(15, 78),
        cost_per_transaction=(95, 38),
        season="transport",
        source="Traffic Police e-ticketing system",
    ),
    "flood-alerts": dict(
        level="province",
        metrics=("transactions", "active_users", "cost_per_transaction"),
        per1000=60,
        tau=3,
        growth=0.05,
        users=0.55,
        cost_per_transaction=(1.8, 0.9),
        season="alerts",
        source="PDMA alert gateway",
    ),
    "land-records": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "digital_takeup", "completion_rate"),
        per1000=2.0,
        tau=14,
        growth=0.10,
        users=0.85,
        satisfaction=(48, 66),
        digital_takeup=(10, 65),
        completion_rate=(70, 92),
        season="services",
        quarterly=("satisfaction",),
        source="Land record centre MIS",
    ),
    "e-stamping": dict(
        level="district",
        metrics=("transactions", "digital_takeup", "cost_per_transaction"),
        per1000=1.5,
        tau=9,
        growth=0.07,
        digital_takeup=(30, 95),
        cost_per_transaction=(60, 22),
        season="stamps",
        silent=MERGED | {"torghar", "upper-kohistan"},
        source="Bank of Khyber e-stamp ledger",
    ),
    "driving-licence": dict(
        level="division",
        metrics=("transactions", "active_users", "satisfaction", "completion_rate"),
        per1000=1.1,
        tau=10,
        growth=0.06,
        users=0.97,
        satisfaction=(55, 74),
        completion_rate=(75, 90),
        season="licence",
        source="Driving licence MIS",
    ),
    "vehicle-registration": dict(
        level="province",
        metrics=("transactions", "active_users", "digital_takeup", "completion_rate", "cost_per_transaction"),
        per1000=1.8,
        tau=12,
        growth=0.08,
        users=0.9,
        digital_takeup=(5, 62),
        completion_rate=(72, 94),
        cost_per_transaction=(210, 75),
        season="token",
        source="Excise vehicle registration system",
    ),
    "birth-death": dict(
        level="district",
        metrics=("transactions", "digital_takeup", "completion_rate"),
        per1000=2.2,
        tau=12,
        growth=0.04,
        digital_takeup=(20, 82),
        completion_rate=(60, 85),
        season="flat",
        source="Local government CRVS system",
    ),
    "school-monitoring": dict(
        level="district",
        metrics=("transactions", "completion_rate"),
        per1000=0.85,
        tau=4,
        growth=0.01,
        completion_rate=(82, 96),
        season="schools",
        source="Independent Monitoring Unit",
    ),
    "health-card": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "cost_per_transaction"),
        per1000=2.4,
        tau=9,
        growth=0.09,
        users=0.95,
        satisfaction=(70, 84),
        cost_per_transaction=(420, 260),
        season="health",
        quarterly=("satisfaction",),
        source="Health insurance claims system",
    ),
    "e-procurement": dict(
        level="province",
        metrics=("transactions", "active_users", "digital_takeup", "completion_rate", "cost_per_transaction"),
        per1000=0.061,
        tau=8,
        growth=0.05,
        users=3.2,
        digital_takeup=(35, 99),
        completion_rate=(70, 93),
        cost_per_transaction=(4200, 1800),
        season="procurement",
        source="e-Procurement system",
    ),
    "water-billing": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "digital_takeup", "completion_rate"),
        per1000=3,
        tau=12,
        growth=0.12,
        users=0.95,
        satisfaction=(45, 63),
        digital_takeup=(4, 38),
        completion_rate=(55, 81),
        season="water",
        source="WSSC billing system",
    ),
    "agri-advisory": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction"),
        per1000=25,
        tau=8,
        growth=0.05,
        users=0.12,
        satisfaction=(60, 78),
        season="agri",
        source="Agriculture advisory SMS platform",
    ),
    "e-pay": dict(
        level="province",
        metrics=("transactions", "active_users", "digital_takeup", "completion_rate", "cost_per_transaction"),
        per1000=45,
        tau=9,
        growth=0.15,
        users=0.55,
        digital_takeup=(12, 58),
        completion_rate=(88, 97),
        cost_per_transaction=(38, 14),
        season="payments",
        source="e-Pay KP settlement report",
    ),
    "police-access": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "completion_rate"),
        per1000=0.9,
        tau=10,
        growth=0.07,
        users=0.95,
        satisfaction=(50, 69),
        completion_rate=(60, 86),
        season="services",
        source="Police Access Service MIS",
    ),
    "college-admissions": dict(
        level="province",
        metrics=("transactions", "active_users", "completion_rate"),
        per1000=6,
        tau=2,
        growth=0.06,
        users=0.9,
        completion_rate=(80, 95),
        season="admissions",
        source="Higher Education admissions portal",
    ),
    "telemedicine": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction"),
        per1000=0.35,
        tau=8,
        growth=0.05,
        users=0.9,
        satisfaction=(68, 81),
        season="flat",
        source="Telemedicine hub register",
    ),
    "statistics-portal": dict(
        level="province",
        metrics=("transactions", "active_users"),
        per1000=0.05,
        tau=4,
        growth=0.3,
        users=0.4,
        season="flat",
        source="Portal web analytics",
    ),
    "brt-card": dict(
        level="district",
        metrics=("transactions", "active_users", "satisfaction", "digital_takeup", "cost_per_transaction"),
        per1000=900,
        tau=6,
        growth=0.06,
        users=0.09,
        satisfaction=(70, 78),
        digital_takeup=(55, 92),
        cost_per_transaction=(18, 11),
        season="brt",
        source="TransPeshawar fare system",
    ),
    "smart-meters": dict(
        level="district",
        metrics=("transactions", "active_users"),
        per1000=0.4,
        tau=4,
        growth=0.0,
        users=0.9,
        season="flat",
        source="WSSC smart meter pilot",
    ),
}
STAGE_FACTOR = {"pilot": 0.3, "live": 1.0, "scaled": 1.3}
RAMADAN = {(2019, 5), (2020, 5), (2021, 4), (2022, 4), (2023, 4), (2024, 3), (2025, 3), (2026, 3)}
COVID = {(2020, 4), (2020, 5)}
# Restatement published in the 2026-10 package: (initiative, region, metric, month) -> factor
RESTATED = {("e-challan", "pk-kp-peshawar", "transactions", "2026-03"): 0.94}


def season(kind: str, y: int, m: int, region: str) -> float:
    """Seasonal and event multiplier for a month (1.0 = ordinary month)."""
    slug = SLUG.get(region, "")
    ym = (y, m)
    f = 1.0
    flood = y == 2022 and m in (8, 9) and slug in FLOOD_2022
    if kind == "services":
        f *= 0.85 if ym in RAMADAN else 1
        f *= 0.35 if ym in COVID else 1
        f *= 0.92 if m in (12, 1) else 1
        f *= 0.5 if flood else 1
    elif kind == "complaints":
        f *= 0.9 if ym in RAMADAN else 1
        f *= 1.25 if ym in COVID else 1
        f *= 1.15 if m in (7, 8) else 1
        f *= 1.6 if flood else 1
    elif kind == "transport":
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.3 if ym in COVID else 1
        f *= 0.9 if m in (7, 8) else 1
        f *= 0.6 if flood else 1
    elif kind == "alerts":
        f = {1: 1.6, 2: 1.5, 5: 1.4, 6: 1.5, 7: 3.0, 8: 4.0, 9: 2.0}.get(m, 1.0)
        f *= {
            (2022, 7): 2.0,
            (2022, 8): 3.5,
            (2022, 9): 2.5,
            (2025, 8): 2.4,
            (2025, 7): 1.3,
            (2024, 4): 1.8,
            (2026, 8): 1.4,
        }.get(ym, 1.0)
    elif kind == "stamps":
        f *= 1.35 if m == 6 else 1
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.3 if ym in COVID else 1
        f *= 0.6 if flood else 1
    elif kind == "licence":
        f *= 0.8 if ym in RAMADAN else 1
        f *= {(2020, 4): 0.05, (2020, 5): 0.2, (2020, 6): 0.7}.get(ym, 1.0)
    elif kind == "token":
        f *= 1.4 if m in (7, 8, 9) else 1
        f *= 0.85 if ym in RAMADAN else 1
        f *= 0.5 if ym in COVID else 1
    elif kind == "flat":
        f *= 0.95 if ym in RAMADAN else 1
    elif kind == "schools":
        f *= {6: 0.55, 7: 0.1, 8: 0.5}.get(m, 1.0)
        if slug in COLD:
            f *= {12: 0.6, 1: 0.1, 2: 0.3}.get(m, 1.0)
        f *= {(2020, 4): 0.05, (2020, 5): 0.05, (2020, 6): 1.0, (2020, 9): 0.6, (2020, 12): 0.2, (2021, 1): 0.3}.get(
            ym, 1.0
        )
        f *= 0.4 if flood else 1
    elif kind == "health":
        f *= {12: 1.1, 1: 1.12, 2: 1.05, 9: 1.12, 10: 1.1}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "procurement":
        f *= {6: 1.6, 7: 0.55, 8: 0.8, 1: 1.1, 2: 1.1, 3: 1.15}.get(m, 1.0)
    elif kind == "water":
        f *= {5: 1.1, 6: 1.18, 7: 1.15, 8: 1.1}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "agri":
        f *= {3: 1.2, 4: 1.3, 5: 1.2, 6: 0.8, 7: 0.8, 10: 1.4, 11: 1.4, 12: 0.7, 1: 0.7}.get(m, 1.0)
    elif kind == "payments":
        f *= {6: 1.2, 9: 1.1, 12: 0.95}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "admissions":
        f = {7: 0.6, 8: 1.0, 9: 0.7, 1: 0.25, 2: 0.15}.get(m, 0.0)
    elif kind == "brt":
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.88 if m in (6, 7, 8) else 1
    return f


def month_str(idx: int) -> str:
    """YYYY-MM of a month index (year*12 + month-1)."""
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def month_idx(d: dt.date | str) -> int:
    """Month index of a date or YYYY-MM(-DD) string."""
    if isinstance(d, str):
        return int(d[:4]) * 12 + int(d[5:7]) - 1
    return d.year * 12 + d.month - 1


def month_end(idx: int) -> dt.date:
    """Last day of a month index."""
    y, m = divmod(idx + 1, 12)
    return dt.date(y, m + 1, 1) - dt.timedelta(days=1)


ROWS_BY: dict[tuple[str, str], list[tuple[dt.date, int]]] = defaultdict(list)
for _i, _r, _s, _d in ROLLOUTS:
    ROWS_BY[(_i, _r)].append((dt.date.fromisoformat(_d), STAGES.index(_s)))


def stage_at(ini: str, region: str, when: dt.date) -> str | None:
    """The stage of an initiative at a region on a date (own rows, else nearest ancestor)."""
    for r in (region, *ancestors(region)):
        rows = [row for row in ROWS_BY.get((ini, r), ()) if row[0] <= when]
        if rows:
            return STAGES[max(rows)[1]]
    return None


def paused(ini: str, month: str) -> bool:
    """Whether the initiative sent no figures for that month."""
    return any(a <= month <= b for a, b in PAUSES.get(ini, ()))


def reporting_regions(ini: str) -> list[str]:
    """The regions at which an initiative reports its figures."""
    level = MODEL[ini]["level"]
    if level == "province":
        return ["pk-kp"]
    if level == "division":
        return sorted({r for (i, r) in ROWS_BY if i == ini and r in CHILDREN["pk-kp"]})
    silent = {rid(s) for s in MODEL[ini].get("silent", ())}
    return [d for d in DISTRICTS if d not in silent]


def volume(region: str) -> float:
    """Population weighted by digital readiness (the base for counts)."""
    total = 0.0
    for leaf in leaves(region):
        slug = SLUG[leaf]
        ready = READINESS.get(slug, 0.4 if slug in MERGED else 0.5 if slug in REMOTE else 0.75)
        total += POP[leaf] * ready
    return total


def offset(region: str) -> float:
    """Percentage-point offset of percent metrics for a region (remote areas lower)."""
    if region in ("pk-kp",) or region in CHILDREN["pk-kp"]:
        return 0.0
    slug = SLUG[region]
    return (
        3.0
        if slug in READINESS and READINESS[slug] >= 1.1
        else (-6.0 if slug in MERGED else -4.0 if slug in REMOTE else 0.0)
    )


def series(ini: str, region: str, last_month: int, noisy: bool = True):
    """Yield (month, {metric: value}) for one initiative at one reporting region."""
    p = MODEL[ini]
    start = None  # first active month index
    for idx in range(month_idx("2019-01"), last_month + 1):
        end = month_end(idx)
        stage = stage_at(ini, region, end)
        if stage not in ACTIVE_STAGES:
            if start is not None and stage == "retired":
                break
            continue
        if start is None:
            # first day it was active in this month
            first = next(
                d
                for d in (dt.date(end.year, end.month, day) for day in range(1, end.day + 1))
                if stage_at(ini, region, d) in ACTIVE_STAGES
            )
            start = idx
            frac = (end.day - first.day + 1) / end.day
        else:
            frac = 1.0
        month = month_str(idx)
        rng = random.Random(f"{SEED}|{ini}|{region}|{month}")
        u_gap = rng.random()
        draws = {m: (rng.random(), rng.gauss(0, 1)) for m in METRIC_ORDER}
        if paused(ini, month):
            continue
        slug = SLUG.get(region, "")
        gap_p = 0.02 + (0.13 if slug in MERGED else 0.07 if slug in REMOTE else 0.0)
        if y_m_flood(idx, slug):
            gap_p = 0.5
        if noisy and u_gap < gap_p:
            continue
        t = idx - start
        ramp = (1 - math.exp(-(t + 1) / p["tau"])) * (1 + p["growth"]) ** (t / 12)
        s = season(p["season"], idx // 12, idx % 12 + 1, region)
        if s == 0:
            continue
        tx_noise = 1 + (0.06 * draws["transactions"][1] if noisy else 0)
        tx = volume(region) / 1000 * p["per1000"] * ramp * STAGE_FACTOR[stage] * s * frac
        tx = max(0.0, tx * tx_noise)
        vals: dict[str, float] = {}
        for metric in p["metrics"]:
            u, z = draws[metric]
            z = z if noisy else 0.0
            if metric != "transactions" and noisy and u < 0.03:
                continue  # a metric occasionally not reported
            if metric in p.get("quarterly", ()) and (idx % 12 + 1) % 3:
                continue
            if metric == "transactions":
                vals[metric] = round(tx)
            elif metric == "active_users":
                vals[metric] = round(tx * p["users"] * (1 + 0.04 * z))
            elif metric == "cost_per_transaction":
                c0, c1 = p[metric]
                c = c1 + (c0 - c1) * math.exp(-t / 20)
                vals[metric] = round(max(0.0, c * (1 + 0.05 * z)), 2)
            else:
                a, b = p[metric]
                v = a + (b - a) * (1 - math.exp(-t / 30)) + offset(region) + 2.2 * z
                vals[metric] = round(min(100.0, max(0.0, v)), 1)
        yield month, vals


def y_m_flood(idx: int, slug: str) -> bool:
    """Whether a district's reporting was disrupted by the 2022 floods that month."""
    return month_str(idx) in ("2022-08", "2022-09") and slug in FLOOD_2022


def fmt(v: float) -> str:
    """A number as a plain decimal string."""
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def build_metrics(as_of: dt.date) -> list[dict]:
    """All metric rows up to as_of's month."""
    last = month_idx(as_of)
    rows = []
    for ini in MODEL:
        for region in reporting_regions(ini):
            for month, vals in series(ini, region, last):
                for metric in METRIC_ORDER:
                    if metric not in vals:
                        continue
                    v = vals[metric]
                    key = (ini, region, metric, month)
                    if as_of >= LATE and key in RESTATED:
                        v = round(v * RESTATED[key])
                    rows.append(
                        {
                            "initiative_id": ini,
                            "region_id": region,
                            "metric": metric,
                            "month": month,
                            "value": fmt(v),
                            "source": MODEL[ini]["source"],
                        }
                    )
    return rows


# --------------------------------------------------------------------------------------
# Targets: a trajectory set from the model's expected path (no noise), rounded.
# --------------------------------------------------------------------------------------


def expected_total(ini: str, metric: str, month: str, region: str | None = None) -> float:
    """The model's noise-free total of a sum metric for one month over the whole scope."""
    idx = month_idx(month)
    total = 0.0
    for r in [region] if region else reporting_regions(ini):
        for m, vals in series(ini, r, idx, noisy=False):
            if m == month:
                total += vals.get(metric, 0)
    return total


def nice(v: float) -> int:
    """Round to three significant figures."""
    if v <= 0:
        return 0
    digits = int(math.floor(math.log10(v))) - 2
    return int(round(v / 10**digits) * 10**digits) if digits > 0 else int(round(v))


def quarters(first: str, last: str) -> list[str]:
    """Quarter-end months from first to last inclusive."""
    out = []
    for idx in range(month_idx(first), month_idx(last) + 1):
        if (idx % 12 + 1) % 3 == 0:
            out.append(month_str(idx))
    return out


TARGETS_SPEC = (
    # (initiative, metric, months, factor over the expected path, region or "")
    ("citizen-portal", "transactions", quarters("2024-01", "2026-12"), 0.97, ""),
    ("e-challan", "transactions", quarters("2024-01", "2026-12"), 0.92, ""),
    ("e-challan", "transactions", ["2024-12", "2025-12", "2026-12"], 0.95, "pk-kp-peshawar"),
    ("land-records", "transactions", quarters("2024-01", "2026-12"), 1.18, ""),
    ("health-card", "active_users", quarters("2024-01", "2026-12"), 0.96, ""),
    ("e-pay", "transactions", quarters("2024-01", "2026-12"), 1.0, ""),
    ("birth-death", "transactions", quarters("2025-01", "2026-12"), 1.25, ""),
    ("brt-card", "active_users", ["2024-12", "2025-06", "2025-12", "2026-06", "2026-12"], 1.1, ""),
    ("vehicle-registration", "transactions", ["2024-12", "2025-12", "2026-12"], 0.97, ""),
)
FIXED_TARGETS = (
    ("e-pay", "", "digital_takeup", "2024-12", 45),
    ("e-pay", "", "digital_takeup", "2025-12", 55),
    ("e-pay", "", "digital_takeup", "2026-12", 65),
    ("citizen-portal", "", "satisfaction", "2025-12", 70),
    ("citizen-portal", "", "satisfaction", "2026-12", 75),
)


def build_targets() -> list[dict]:
    """Target rows (identical in both packages: a plan, not an observation)."""
    rows = []
    for ini, metric, months, factor, region in TARGETS_SPEC:
        for month in months:
            v = nice(expected_total(ini, metric, month, region or None) * factor)
            rows.append({"initiative_id": ini, "region_id": region, "metric": metric, "month": month, "value": str(v)})
    for ini, region, metric, month, v in FIXED_TARGETS:
        rows.append({"initiative_id": ini, "region_id": region, "metric": metric, "month": month, "value": str(v)})
    return rows


# --------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------

# Title templates: English, Urdu, Pashto; {r} is a region name in the same language.
TITLES = {
    "design": ("Design and requirements approved", "ڈیزائن اور ضروریات کی منظوری", "ډیزاین او اړتیاوې تصویب شوې"),
    "contract": (
        "Vendor contract signed",
        "سافٹ ویئر فرم کے ساتھ معاہدے پر دستخط",
        "له سافټویر شرکت سره تړون لاسلیک شو",
    ),
    "pc1": ("PC-1 approved", "پی سی ون کی منظوری", "پي سي ون تصویب شو"),
    "tender": ("Tender awarded", "ٹینڈر کا فیصلہ", "ټېنډر ورکړل شو"),
    "pilot": ("Pilot launched in {r}", "{r} میں آزمائشی آغاز", "په {r} کې آزمایښتي پیل"),
    "pilot5": ("Pilot with five departments", "پانچ محکموں کے ساتھ آزمائشی آغاز", "له پنځو محکمو سره آزمایښتي پیل"),
    "golive": ("Live in {r}", "{r} میں سروس کا باقاعدہ آغاز", "په {r} کې د خدمت رسمي پیل"),
    "province": ("Province-wide launch", "پورے صوبے میں آغاز", "په ټوله صوبه کې پیل"),
    "merged": ("Extended to the merged districts", "ضم شدہ اضلاع تک توسیع", "ضم شويو ضلعو ته پراختیا"),
    "app": ("Mobile app released", "موبائل ایپ جاری", "د موبایل اپلیکېشن خپور شو"),
    "languages": ("Urdu and Pashto versions released", "اردو اور پشتو ورژن جاری", "اردو او پښتو نسخې خپرې شوې"),
    "epay": ("Payments through e-Pay KP", "ای پے کے ذریعے ادائیگی کی سہولت", "د ای پې له لارې د تادیې اسانتیا"),
    "audit": ("Independent security audit completed", "آزادانہ سیکیورٹی آڈٹ مکمل", "خپلواکه امنیتي پلټنه بشپړه شوه"),
    "training": ("Staff trained in {r}", "{r} میں عملے کی تربیت مکمل", "په {r} کې د کارکوونکو روزنه بشپړه شوه"),
    "survey": (
        "User satisfaction survey published",
        "صارفین کے اطمینان کا سروے شائع",
        "د کاروونکو د رضایت سروې خپره شوه",
    ),
    "datacentre": ("Moved to the provincial data centre", "صوبائی ڈیٹا سینٹر میں منتقلی", "صوبايي ډېټا مرکز ته لېږد"),
    "opendata": (
        "Data published as open data",
        "ڈیٹا اوپن ڈیٹا کے طور پر شائع",
        "معلومات د خلاصو معلوماتو په توګه خپاره شول",
    ),
    "digitise": ("Records digitised in {r}", "{r} کا ریکارڈ ڈیجیٹل", "د {r} ریکارډ ډیجیټل شو"),
    "scale": ("Scaled up in {r}", "{r} میں توسیع", "په {r} کې پراختیا"),
    "nadra": ("Linked with NADRA verification", "نادرا کی تصدیق سے منسلک", "د نادرا له تصدیق سره وتړل شو"),
    "helpline": ("Helpline opened", "ہیلپ لائن کا آغاز", "مرستندویه ټیلیفون پرانیستل شو"),
    "cameras": ("Safe City cameras connected", "سیف سٹی کیمروں سے منسلک", "له سېف سټي کمرو سره وتړل شو"),
    "ivr": ("Voice alerts in Pashto and Urdu", "پشتو اور اردو میں صوتی انتباہ", "په پښتو او اردو کې غږیزې خبرتیاوې"),
    "cellbroadcast": ("Cell broadcast alerts enabled", "سیل براڈکاسٹ انتباہ فعال", "د سېل براډکاسټ خبرتیاوې فعالې شوې"),
    "pilot_review": ("Pilot evaluation completed", "آزمائشی مرحلے کا جائزہ مکمل", "د آزمایښتي پړاو ارزونه بشپړه شوه"),
    "resume": ("Service resumed", "سروس بحال", "خدمت بیا پیل شو"),
    "funding": ("Funding renewed", "فنڈز کی تجدید", "بودیجه بیا نوې شوه"),
    "qr": ("Licences verifiable by QR code", "کیو آر کوڈ سے لائسنس کی تصدیق", "د کیو آر کوډ له لارې د جواز تصدیق"),
    "smartcard": (
        "Smart registration cards posted to owners",
        "اسمارٹ رجسٹریشن کارڈ بذریعہ ڈاک مالکان کو",
        "هوښیار ثبت کارتونه مالکانو ته په پوسته کې لېږل",
    ),
    "biometric": (
        "Biometric attendance in all high schools",
        "تمام ہائی اسکولوں میں بائیو میٹرک حاضری",
        "په ټولو لېسو کې بایومېټریک حاضري",
    ),
    "services100": ("100 government services connected", "100 سرکاری خدمات منسلک", "۱۰۰ دولتي خدمات وتړل شول"),
    "raast": (
        "Raast instant payments enabled",
        "راست کے ذریعے فوری ادائیگی فعال",
        "د راست له لارې سمدستي تادیه فعاله شوه",
    ),
    "feeder": ("Card accepted on feeder routes", "فیڈر روٹس پر کارڈ کا استعمال", "په فیډر لارو کې د کارډ کارول"),
    "beta": ("Trial version of the portal released", "پورٹل کا آزمائشی ورژن جاری", "د پورټل آزمایښتي نسخه خپره شوه"),
    "hindko": ("Voice advice in Hindko added", "ہندکو میں صوتی مشورے شامل", "په هندکو ژبه غږیزې مشورې زیاتې شوې"),
}

# (milestone_id, initiative, template, region, plans, actual, baseline?, status, note)
#   plans: "YYYY-MM-DD" or [(announced_on, planned_date), ...] - the package shows the
#          latest plan announced on or before its as_of (a re-plan between packages).
#   actual: shown only in packages whose as_of is on or after it.
#   status: str, or (status in 2026-04, status in 2026-10); "drop" removes the row in 2026-10.
#   note: str or (note in 2026-04, note in 2026-10).
MILESTONES = (
    ("ms-cp-1", "citizen-portal", "design", "", "2018-10-31", "2018-10-20", True, "", ""),
    ("ms-cp-2", "citizen-portal", "province", "", "2019-06-01", "2019-06-01", False, "", ""),
    (
        "ms-cp-3",
        "citizen-portal",
        "languages",
        "",
        "2020-03-31",
        "2020-09-15",
        True,
        "",
        "Delayed by the COVID-19 lockdown.",
    ),
    ("ms-cp-4", "citizen-portal", "app", "", "2021-03-31", "2021-03-01", False, "", ""),
    ("ms-cp-5", "citizen-portal", "audit", "", "2026-06-30", "2026-06-24", True, "", ""),
    ("ms-ec-1", "e-challan", "pilot", "pk-kp-peshawar", "2019-10-01", "2019-10-01", True, "", ""),
    (
        "ms-ec-2",
        "e-challan",
        "cameras",
        "pk-kp-peshawar",
        "2021-12-31",
        "2022-05-10",
        True,
        "",
        "Camera procurement re-tendered once.",
    ),
    ("ms-ec-3", "e-challan", "epay", "", "2025-06-30", "2025-06-15", False, "", ""),
    (
        "ms-ec-4",
        "e-challan",
        "golive",
        "pk-kp-karak",
        [("2025-06-01", "2026-03-31"), ("2026-05-10", "2026-06-30")],
        "2026-06-15",
        False,
        "",
        ("Handheld devices awaiting delivery.", "Re-planned after device delivery slipped."),
    ),
    (
        "ms-ec-5",
        "e-challan",
        "golive",
        "pk-kp-lakki-marwat",
        "2026-09-30",
        None,
        False,
        "",
        ("", "Pilot running since August; go-live pending a review of the pilot."),
    ),
    ("ms-fa-1", "flood-alerts", "province", "", "2020-06-30", "2020-07-01", True, "", ""),
    ("ms-fa-2", "flood-alerts", "ivr", "", "2021-06-30", "2021-05-20", False, "", ""),
    (
        "ms-fa-3",
        "flood-alerts",
        "cellbroadcast",
        "",
        "2022-03-31",
        "2022-06-01",
        True,
        "",
        "Waited for the telecom regulator's approval.",
    ),
    (
        "ms-fa-4",
        "flood-alerts",
        "datacentre",
        "",
        [("2025-10-01", "2026-05-31"), ("2026-06-15", "2026-12-31")],
        None,
        True,
        "",
        ("", "Moved after the monsoon season so alerts are not disrupted."),
    ),
    ("ms-lr-1", "land-records", "digitise", "pk-kp-peshawar", "2019-12-31", "2019-12-10", True, "", ""),
    ("ms-lr-2", "land-records", "digitise", "pk-kp-mala", "2021-12-31", "2022-04-30", True, "", ""),
    (
        "ms-lr-3",
        "land-records",
        "merged",
        "",
        [("2023-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31")],
        None,
        True,
        "blocked",
        "Land settlement in the merged districts is not complete; records cannot be digitised before it.",
    ),
    ("ms-lr-4", "land-records", "digitise", "pk-kp-khyber", "2026-03-31", "2026-05-20", False, "", ""),
    ("ms-lr-5", "land-records", "digitise", "pk-kp-kurram", "2027-06-30", None, False, "", ""),
    ("ms-es-1", "e-stamping", "pilot", "pk-kp-peshawar", "2020-07-01", "2020-07-01", False, "", ""),
    ("ms-es-2", "e-stamping", "province", "", "2020-12-31", "2021-03-01", True, "", ""),
    ("ms-es-3", "e-stamping", "nadra", "", "2023-06-30", "2023-06-10", False, "", ""),
    ("ms-es-4", "e-stamping", "audit", "", "2026-02-28", "2026-08-10", False, "", ""),
    ("ms-dl-1", "driving-licence", "pilot", "pk-kp-pesh", "2019-02-01", "2019-02-01", False, "", ""),
    (
        "ms-dl-2",
        "driving-licence",
        "golive",
        "pk-kp-deik",
        "2021-06-30",
        "2021-12-01",
        True,
        "",
        "Licensing centre building handed over late.",
    ),
    ("ms-dl-3", "driving-licence", "app", "", "2024-12-31", "2025-04-15", False, "", ""),
    ("ms-dl-4", "driving-licence", "qr", "", "2026-08-31", "2026-08-20", True, "", ""),
    ("ms-vr-1", "vehicle-registration", "province", "", "2020-12-01", "2020-12-01", True, "", ""),
    ("ms-vr-2", "vehicle-registration", "epay", "", "2022-12-31", "2022-11-30", False, "", ""),
    ("ms-vr-3", "vehicle-registration", "smartcard", "", "2023-06-30", "2023-07-01", False, "", ""),
    (
        "ms-vr-4",
        "vehicle-registration",
        "app",
        "",
        [("2025-07-01", "2026-04-15"), ("2026-05-05", "2026-11-30")],
        None,
        False,
        "",
        "",
    ),
    ("ms-bd-1", "birth-death", "pilot", "pk-kp-peshawar", "2023-03-01", "2023-03-05", True, "", ""),
    ("ms-bd-2", "birth-death", "nadra", "", "2024-06-30", "2024-12-20", True, "", ""),
    (
        "ms-bd-3",
        "birth-death",
        "province",
        "",
        [("2024-01-01", "2025-12-31"), ("2026-03-20", "2026-07-01")],
        "2026-07-01",
        True,
        "",
        "Re-planned to July 2026 to finish tablet procurement first.",
    ),
    (
        "ms-bd-4",
        "birth-death",
        "training",
        "pk-kp-bann",
        "2026-06-30",
        None,
        False,
        ("", "blocked"),
        ("", "Training postponed for security reasons."),
    ),
    ("ms-bd-5", "birth-death", "merged", "", "2026-12-31", None, False, "", ""),
    ("ms-sm-1", "school-monitoring", "app", "", "2019-03-31", "2019-03-15", False, "", ""),
    ("ms-sm-2", "school-monitoring", "merged", "", "2019-12-31", "2020-03-01", True, "", ""),
    (
        "ms-sm-3",
        "school-monitoring",
        "opendata",
        "",
        "2023-12-31",
        None,
        False,
        ("cancelled", "drop"),
        "Replaced by the Open Statistics Portal.",
    ),
    (
        "ms-sm-4",
        "school-monitoring",
        "biometric",
        "",
        "2025-09-30",
        None,
        True,
        "blocked",
        "Devices not delivered by the supplier.",
    ),
    ("ms-hc-1", "health-card", "golive", "pk-kp-mala", "2020-12-01", "2020-12-01", False, "", ""),
    (
        "ms-hc-2",
        "health-card",
        "province",
        "",
        [("2021-01-01", "2021-06-30"), ("2021-05-01", "2021-11-01")],
        "2021-11-01",
        True,
        "",
        "",
    ),
    ("ms-hc-3", "health-card", "app", "", "2023-06-30", "2023-10-01", False, "", ""),
    ("ms-hc-4", "health-card", "survey", "", "2026-06-30", "2026-07-15", False, "", ""),
    ("ms-ep-1", "e-procurement", "contract", "", "2021-06-30", "2021-06-25", False, "", ""),
    ("ms-ep-2", "e-procurement", "pilot5", "", "2021-09-01", "2021-09-01", False, "", ""),
    ("ms-ep-3", "e-procurement", "province", "", "2022-01-01", "2022-01-01", True, "", ""),
    ("ms-ep-4", "e-procurement", "opendata", "", "2025-12-31", "2026-09-30", True, "", ""),
    ("ms-wb-1", "water-billing", "pilot", "pk-kp-peshawar", "2020-04-01", "2020-04-01", False, "", ""),
    ("ms-wb-2", "water-billing", "golive", "pk-kp-mardan", "2021-03-31", "2021-03-01", False, "", ""),
    ("ms-wb-3", "water-billing", "golive", "pk-kp-dera-ismail-khan", "2023-06-30", "2023-11-01", True, "", ""),
    (
        "ms-wb-4",
        "water-billing",
        "epay",
        "",
        [("2025-09-01", "2026-05-31"), ("2026-05-25", "2026-12-31")],
        None,
        False,
        "",
        "",
    ),
    ("ms-aa-1", "agri-advisory", "pilot", "pk-kp-mardan", "2021-03-01", "2021-03-01", False, "", ""),
    ("ms-aa-2", "agri-advisory", "helpline", "", "2021-12-31", "2021-12-15", False, "", ""),
    ("ms-aa-3", "agri-advisory", "hindko", "", "2023-03-31", "2023-08-01", True, "", ""),
    (
        "ms-aa-4",
        "agri-advisory",
        "funding",
        "",
        "2026-06-30",
        None,
        False,
        ("", "blocked"),
        ("", "The service contract expired in August; renewal awaits Finance Department approval."),
    ),
    ("ms-pay-1", "e-pay", "pilot5", "", "2022-03-15", "2022-03-15", False, "", ""),
    ("ms-pay-2", "e-pay", "province", "", "2022-06-30", "2022-07-01", True, "", ""),
    ("ms-pay-3", "e-pay", "services100", "", "2024-06-30", "2024-05-20", False, "", ""),
    ("ms-pay-4", "e-pay", "raast", "", "2026-03-31", "2026-03-28", True, "", ""),
    ("ms-pa-1", "police-access", "pilot", "pk-kp-peshawar", "2019-06-01", "2019-06-01", False, "", ""),
    ("ms-pa-2", "police-access", "golive", "pk-kp-mala", "2021-03-31", "2021-03-01", False, "", ""),
    (
        "ms-pa-3",
        "police-access",
        "golive",
        "pk-kp-bajaur",
        "2023-12-31",
        None,
        True,
        "blocked",
        "Police stations in Bajaur are not yet connected to the network.",
    ),
    ("ms-pa-4", "police-access", "golive", "pk-kp-deik", "2022-09-30", "2022-11-15", False, "", ""),
    ("ms-ca-1", "college-admissions", "province", "", "2020-07-01", "2020-07-01", False, "", ""),
    ("ms-ca-2", "college-admissions", "epay", "", "2023-06-30", "2023-06-30", False, "", ""),
    ("ms-ca-3", "college-admissions", "app", "", "2026-06-30", "2026-07-10", False, "", ""),
    ("ms-tm-1", "telemedicine", "pilot", "pk-kp-upper-chitral", "2021-11-01", "2021-11-01", False, "", ""),
    ("ms-tm-2", "telemedicine", "merged", "", "2023-03-31", "2023-03-01", False, "", ""),
    (
        "ms-tm-3",
        "telemedicine",
        "contract",
        "",
        [("2025-11-10", "2026-01-31"), ("2026-02-15", "2026-05-31")],
        "2026-07-20",
        True,
        "",
        "New service contract after the previous one expired.",
    ),
    (
        "ms-tm-4",
        "telemedicine",
        "resume",
        "",
        [("2025-11-10", "2026-06-30"), ("2026-07-21", "2026-08-01")],
        "2026-08-05",
        True,
        "",
        "",
    ),
    ("ms-sr-1", "social-registry", "pc1", "", "2026-03-31", "2026-04-08", True, "", ""),
    ("ms-sr-2", "social-registry", "tender", "", "2026-09-30", None, True, "", ""),
    ("ms-sr-3", "social-registry", "pilot", "pk-kp-swat", "2027-03-31", None, False, "", ""),
    ("ms-sr-4", "social-registry", "nadra", "", "2027-06-30", None, False, "", ""),
    ("ms-sp-1", "statistics-portal", "design", "", "2025-06-30", "2025-06-20", False, "", ""),
    ("ms-sp-2", "statistics-portal", "beta", "", "2026-01-31", "2026-02-01", True, "", ""),
    ("ms-sp-3", "statistics-portal", "languages", "", "2026-06-30", "2026-06-28", False, "", ""),
    ("ms-sp-4", "statistics-portal", "opendata", "", "2026-12-31", None, False, "", ""),
    (
        "ms-brt-1",
        "brt-card",
        "golive",
        "pk-kp-peshawar",
        [("2017-10-19", "2018-06-30"), ("2018-07-01", "2020-08-13")],
        "2020-08-13",
        True,
        "",
        "The bus rapid transit opened two years after first announced.",
    ),
    ("ms-brt-2", "brt-card", "app", "", "2021-06-30", "2021-05-01", False, "", ""),
    ("ms-brt-3", "brt-card", "feeder", "", "2022-01-31", "2022-01-10", False, "", ""),
    ("ms-brt-4", "brt-card", "raast", "", "2026-09-30", None, False, "", ""),
    ("ms-smt-1", "smart-meters", "pilot", "pk-kp-peshawar", "2023-01-15", "2023-01-10", False, "", ""),
    ("ms-smt-2", "smart-meters", "pilot_review", "", "2024-03-31", "2024-05-31", False, "", ""),
    (
        "ms-smt-3",
        "smart-meters",
        "scale",
        "pk-kp-peshawar",
        "2024-12-31",
        None,
        False,
        "cancelled",
        "Initiative cancelled after the pilot review.",
    ),
    (
        "ms-smt-4",
        "smart-meters",
        "golive",
        "pk-kp-mardan",
        "2025-06-30",
        None,
        False,
        "cancelled",
        "Initiative cancelled after the pilot review.",
    ),
    ("ms-dm-1", "digital-mandi", "pc1", "", "2026-06-30", "2026-08-12", True, "", ""),
    ("ms-dm-2", "digital-mandi", "contract", "", "2026-12-31", None, False, "", ""),
    ("ms-dm-3", "digital-mandi", "pilot", "pk-kp-peshawar", "2027-03-31", None, False, "", ""),
)


def pick(value, as_of: dt.date):
    """A (early, late) pair's value for a package, or the value itself."""
    if isinstance(value, tuple):
        return value[1] if as_of >= LATE else value[0]
    return value


def build_milestones(as_of: dt.date) -> list[dict]:
    """Milestone rows as published on as_of."""
    rows = []
    for mid, ini, tkey, region, plans, actual, has_base, status, note in MILESTONES:
        status = pick(status, as_of)
        if status == "drop":
            continue
        if isinstance(plans, str):
            plans = [("0000-00-00", plans)]
        shown = [p for a, p in plans if a <= as_of.isoformat()]
        planned = shown[-1]
        en, ur, ps = TITLES[tkey]
        if "{r}" in en:
            rn = NAME[region]
            en, ur, ps = en.format(r=rn[0]), ur.format(r=rn[1]), ps.format(r=rn[2])
        rows.append(
            {
                "milestone_id": mid,
                "initiative_id": ini,
                "title": en,
                "title:ur": ur,
                "title:ps": ps,
                "region_id": region,
                "planned_date": planned,
                "baseline_date": plans[0][1] if has_base else "",
                "actual_date": actual if actual and actual <= as_of.isoformat() else "",
                "status": status,
                "note": pick(note, as_of),
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------

GOKP = "Government of Khyber Pakhtunkhwa (ADP)"
FUNDING = (
    # (initiative, funder, committed, disbursed 2026-04, disbursed 2026-10, currency,
    #  as_of 2026-04, as_of 2026-10)
    ("citizen-portal", GOKP, 450000000, 450000000, 450000000, "PKR", "2026-03-31", "2026-09-30"),
    ("e-challan", GOKP, 520000000, 498000000, 512000000, "PKR", "2026-03-31", "2026-09-30"),
    ("e-challan", "World Bank (illustrative)", 1200000, 1200000, 1200000, "USD", "2024-06-30", "2024-06-30"),
    ("flood-alerts", "UNDP (illustrative)", 850000, 850000, 850000, "USD", "2023-12-31", "2023-12-31"),
    ("flood-alerts", GOKP, 120000000, 100000000, 115000000, "PKR", "2026-03-31", "2026-09-30"),
    ("land-records", "World Bank (illustrative)", 9500000, 6100000, 6900000, "USD", "2026-03-31", "2026-09-30"),
    ("land-records", GOKP, 800000000, 640000000, 700000000, "PKR", "2026-03-31", "2026-09-30"),
    ("e-stamping", GOKP, 190000000, 190000000, 190000000, "PKR", "2025-06-30", "2025-06-30"),
    ("driving-licence", GOKP, 560000000, 535000000, 535000000, "PKR", "2026-03-31", "2026-09-30"),
    ("vehicle-registration", GOKP, 680000000, 704500000, 711000000, "PKR", "2026-03-31", "2026-09-30"),
    ("birth-death", "UNICEF (illustrative)", 2400000, 1700000, 2150000, "USD", "2026-03-31", "2026-09-30"),
    ("birth-death", GOKP, 600000000, 410000000, 520000000, "PKR", "2026-03-31", "2026-09-30"),
    ("school-monitoring", "FCDO (illustrative)", 3000000, 3000000, 3000000, "GBP", "2022-03-31", "2022-03-31"),
    ("school-monitoring", GOKP, 420000000, 400000000, 408000000, "PKR", "2026-03-31", "2026-09-30"),
    ("health-card", GOKP, 28000000000, 25600000000, 27100000000, "PKR", "2026-03-31", "2026-09-30"),
    (
        "e-procurement",
        "Asian Development Bank (illustrative)",
        1500000,
        1380000,
        1380000,
        "USD",
        "2025-12-31",
        "2025-12-31",
    ),
    (
        "water-billing",
        "Asian Development Bank (illustrative)",
        900000,
        900000,
        900000,
        "USD",
        "2024-12-31",
        "2024-12-31",
    ),
    ("water-billing", "WSSC own resources", 40000000, 36000000, 38500000, "PKR", "2026-03-31", "2026-09-30"),
    ("agri-advisory", "IFAD (illustrative)", 750000, 750000, 750000, "USD", "2025-06-30", "2025-06-30"),
    ("agri-advisory", GOKP, 25000000, 25000000, 25000000, "PKR", "2026-03-31", "2026-09-30"),
    ("e-pay", GOKP, 120000000, 112000000, 116000000, "PKR", "2026-03-31", "2026-09-30"),
    ("police-access", GOKP, 380000000, 366000000, 371000000, "PKR", "2026-03-31", "2026-09-30"),
    ("college-admissions", GOKP, 60000000, 58000000, 58000000, "PKR", "2026-03-31", "2026-09-30"),
    ("telemedicine", "European Union (illustrative)", 1100000, 640000, 790000, "EUR", "2026-03-31", "2026-09-30"),
    ("telemedicine", GOKP, 60000000, 30000000, 45000000, "PKR", "2026-03-31", "2026-09-30"),
    ("social-registry", "World Bank (illustrative)", 4000000, 0, 250000, "USD", "2026-03-31", "2026-09-30"),
    ("social-registry", GOKP, 300000000, 20000000, 60000000, "PKR", "2026-03-31", "2026-09-30"),
    ("statistics-portal", "UNDP (illustrative)", 180000, 90000, 150000, "USD", "2026-03-31", "2026-09-30"),
    ("brt-card", "Asian Development Bank (illustrative)", 3200000, 3200000, 3200000, "USD", "2022-06-30", "2022-06-30"),
    ("smart-meters", "WSSC own resources", 300000000, 142000000, 142000000, "PKR", "2024-06-30", "2024-06-30"),
    ("digital-mandi", GOKP, 250000000, 0, 30000000, "PKR", "2026-03-31", "2026-09-30"),
)


# Urdu and Pashto for the descriptions, update texts, funders and publisher (contract 1.1), as data
TRANSLATIONS = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "data/demo/source/translations.yaml").read_text("utf-8")
)


def _tr(section: str, key: str, column: str) -> dict[str, str]:
    """The `column:ur`, `column:ps` cells of one text (every demo text has both)."""
    d = TRANSLATIONS[section][key]
    return {f"{column}:ur": d["ur"], f"{column}:ps": d["ps"]}


def build_funding(as_of: dt.date) -> list[dict]:
    """Funding rows as reported on as_of."""
    late = as_of >= LATE
    return [
        {
            "initiative_id": ini,
            "funder": funder,
            **_tr("funders", funder, "funder"),
            "committed": str(c),
            "disbursed": str(d10 if late else d04),
            "currency": cur,
            "as_of": a10 if late else a04,
        }
        for ini, funder, c, d04, d10, cur, a04, a10 in FUNDING
    ]


# --------------------------------------------------------------------------------------
# Updates
# --------------------------------------------------------------------------------------

WITHDRAWN_LATER = {"up-032"}  # published in 2026-04, withdrawn before 2026-10
UPDATES = (
    (
        "up-001",
        "",
        "2019-01-20",
        "Progress of digital services to be published monthly",
        "ڈیجیٹل خدمات کی پیش رفت ہر ماہ شائع ہو گی",
        "د ډیجیټل خدماتو پرمختګ به هره میاشت خپرېږي",
        "The provincial government will publish the progress of its digital services every "
        "month, district by district, so that anyone can follow it.",
    ),
    (
        "up-002",
        "citizen-portal",
        "2019-06-05",
        "Complaint portal opens across the province",
        "شکایات پورٹل پورے صوبے کے لیے کھل گیا",
        "د شکایتونو پورټل په ټوله صوبه کې پرانیستل شو",
        "After a five-month pilot in Peshawar, residents of every district can now file "
        "complaints online or through the mobile app.",
    ),
    (
        "up-003",
        "e-challan",
        "2019-10-10",
        "e-Challan trial starts in Peshawar",
        "پشاور میں ای چالان کا آزمائشی آغاز",
        "په پېښور کې د ای چالان آزمایښتي پیل",
        "Traffic wardens on the University Road and GT Road corridors now issue fines on handheld devices.",
    ),
    (
        "up-004",
        "",
        "2020-04-15",
        "Online services during the COVID-19 lockdown",
        "کووڈ-19 لاک ڈاؤن کے دوران آن لائن خدمات",
        "د کووېډ-۱۹ د لاکډاون پر مهال آنلاین خدمات",
        "Service counters are closed. The complaint portal and online payments remain open; "
        "driving tests and land record centres are suspended until further notice.",
    ),
    (
        "up-005",
        "flood-alerts",
        "2020-07-02",
        "Flood warning SMS now reach the whole province",
        "سیلاب کی پیشگی اطلاع کے ایس ایم ایس اب پورے صوبے میں",
        "د سېلاب د خبرتیا پیغامونه اوس ټولې صوبې ته رسېږي",
        "After a pilot in Malakand Division, every mobile subscriber in an area at risk receives "
        "a free SMS warning before floods and flash floods.",
    ),
    (
        "up-006",
        "brt-card",
        "2020-08-14",
        "Zu card launched with the Peshawar BRT",
        "پشاور بی آر ٹی کے ساتھ زو کارڈ کا اجرا",
        "د پېښور بي آر ټي سره زو کارډ پیل شو",
        "Passengers can buy and top up a contactless card at every station.",
    ),
    (
        "up-007",
        "health-card",
        "2020-12-01",
        "Sehat Card Plus for every family in Malakand",
        "ملاکنڈ ڈویژن کے ہر خاندان کے لیے صحت کارڈ پلس",
        "د ملاکنډ ډویژن د هرې کورنۍ لپاره صحت کارډ پلس",
        "Every resident family of Malakand Division can now be treated free of charge at listed "
        "hospitals by showing a CNIC.",
    ),
    (
        "up-008",
        "e-stamping",
        "2021-03-02",
        "e-Stamp paper available in every district",
        "ای اسٹامپ پیپر ہر ضلع میں دستیاب",
        "ای سټامپ کاغذ په هره ضلع کې شته",
        "Stamp paper is now issued electronically at bank branches in every district that has "
        "one. Paper stamps are no longer sold.",
    ),
    (
        "up-009",
        "health-card",
        "2021-11-01",
        "Sehat Card Plus extended to the whole province",
        "صحت کارڈ پلس کا دائرہ پورے صوبے تک",
        "صحت کارډ پلس ټولې صوبې ته وغځول شو",
        "Free in-patient treatment now covers every resident family of Khyber Pakhtunkhwa.",
    ),
    (
        "up-010",
        "e-procurement",
        "2022-01-05",
        "All provincial tenders now online",
        "تمام صوبائی ٹینڈر اب آن لائن",
        "ټول صوبايي ټېنډرونه اوس آنلاین دي",
        "From January 2022 every department publishes and receives its tenders online only.",
    ),
    (
        "up-011",
        "telemedicine",
        "2022-05-10",
        "Telemedicine hubs open in Chitral and Kohistan",
        "چترال اور کوہستان میں ٹیلی میڈیسن مراکز کا آغاز",
        "په چترال او کوهستان کې د ټیلي میډیسن مرکزونه پرانیستل شول",
        "Patients at eight basic health units can now see a specialist by video.",
    ),
    (
        "up-012",
        "e-pay",
        "2022-07-01",
        "e-Pay KP open for government payments",
        "ای پے کے پی سرکاری ادائیگیوں کے لیے دستیاب",
        "ای پې کې پي د دولتي تادیاتو لپاره چمتو دی",
        "Fees, taxes and fines of 50 government services can be paid from any bank app or mobile wallet.",
    ),
    (
        "up-013",
        "flood-alerts",
        "2022-08-30",
        "Record number of flood alerts sent",
        "ریکارڈ تعداد میں سیلاب کے انتباہ جاری",
        "د سېلاب د خبرتیاوو ریکارډ شمېر ولېږل شو",
        "During the monsoon floods, alerts went to subscribers in Swat, Nowshera, Charsadda, "
        "Dera Ismail Khan and Tank several times a day.",
    ),
    (
        "up-014",
        "",
        "2022-09-20",
        "Service centres reopen after the floods",
        "سیلاب کے بعد سروس سینٹر دوبارہ کھل گئے",
        "له سېلاب وروسته د خدماتو مرکزونه بیا پرانیستل شول",
        "Centres in Swat, Nowshera and Dera Ismail Khan are open again; figures for August and "
        "September 2022 are incomplete in these districts.",
    ),
    (
        "up-015",
        "smart-meters",
        "2023-01-15",
        "Prepaid water meter trial starts in Peshawar",
        "پشاور میں پری پیڈ واٹر میٹر کا آزمائشی آغاز",
        "په پېښور کې د مخکې تادیې د اوبو میټر آزمایښت پیل شو",
        "Two thousand households in Hayatabad receive prepaid smart water meters.",
    ),
    (
        "up-016",
        "birth-death",
        "2023-03-10",
        "Birth registration on tablets tried in three districts",
        "تین اضلاع میں ٹیبلٹ پر پیدائش کے اندراج کا تجربہ",
        "په درې ضلعو کې په ټابلېټ د زیږون د ثبت آزمایښت",
        "Union council secretaries in Peshawar, Haripur and Swat register births on tablets.",
    ),
    (
        "up-017",
        "land-records",
        "2023-06-20",
        "Land record centres open in the south",
        "جنوبی اضلاع میں اراضی ریکارڈ سینٹر کھل گئے",
        "په سویلي ضلعو کې د ځمکو د ریکارډ مرکزونه پرانیستل شول",
        "Centres now serve Bannu, Lakki Marwat, Karak, Tank and Dera Ismail Khan.",
    ),
    (
        "up-018",
        "police-access",
        "2022-11-16",
        "Police Access Service reaches Dera Ismail Khan Division",
        "پولیس رسائی سروس ڈیرہ اسماعیل خان ڈویژن تک",
        "د پولیسو د لاسرسي خدمت ډېره اسماعیل خان ډویژن ته ورسېد",
        "Residents of Dera Ismail Khan and Tank can register complaints and request certificates online.",
    ),
    (
        "up-019",
        "water-billing",
        "2024-01-10",
        "Online water bills for every WSSC Peshawar customer",
        "ڈبلیو ایس ایس سی پشاور کے ہر صارف کے لیے آن لائن بل",
        "د پېښور WSSC هر پېرودونکي ته آنلاین بل",
        "All households connected in Peshawar can view and pay their bills online.",
    ),
    (
        "up-020",
        "smart-meters",
        "2024-06-30",
        "Smart water meter trial ended",
        "اسمارٹ واٹر میٹر کا تجربہ ختم",
        "د اوبو د هوښیارو میټرونو آزمایښت پای ته ورسېد",
        "The pilot review found that one meter in five failed within a year. The initiative is cancelled.",
    ),
    (
        "up-021",
        "",
        "2024-09-15",
        "First independent review of digital services",
        "ڈیجیٹل خدمات کا پہلا آزادانہ جائزہ",
        "د ډیجیټل خدماتو لومړۍ خپلواکه ارزونه",
        "The review recommends publishing milestone dates and any change to them.",
    ),
    (
        "up-022",
        "birth-death",
        "2025-01-20",
        "Birth registration trial in five more districts",
        "مزید پانچ اضلاع میں پیدائش کے اندراج کا تجربہ",
        "په پنځو نورو ضلعو کې د زیږون د ثبت آزمایښت",
        "Mardan, Charsadda, Abbottabad, Kohat and Dera Ismail Khan join the pilot.",
    ),
    (
        "up-023",
        "statistics-portal",
        "2025-03-01",
        "Work starts on the open statistics portal",
        "اوپن شماریات پورٹل پر کام کا آغاز",
        "د خلاصې احصایې پر پورټل کار پیل شو",
        "The Bureau of Statistics will publish its tables as open data with explanations in Urdu and Pashto.",
    ),
    (
        "up-024",
        "e-challan",
        "2025-06-15",
        "Pay traffic fines through e-Pay KP",
        "ٹریفک جرمانے اب ای پے کے پی سے ادا کریں",
        "د ټرافیک جریمې اوس د ای پې کې پي له لارې ورکړئ",
        "Fines can be paid from any bank app or mobile wallet by entering the challan number.",
    ),
    (
        "up-025",
        "flood-alerts",
        "2025-08-20",
        "Flash flood alerts for Buner, Swat and Shangla",
        "بونیر، سوات اور شانگلہ کے لیے اچانک سیلاب کا انتباہ",
        "د بونیر، سوات او شانګلې لپاره د ناڅاپي سېلاب خبرتیا",
        "Residents near streams and river banks were asked to move to higher ground.",
    ),
    (
        "up-026",
        "telemedicine",
        "2025-11-10",
        "Telemedicine paused while the contract is renewed",
        "معاہدے کی تجدید تک ٹیلی میڈیسن سروس معطل",
        "د تړون تر نوي کېدو پورې د ټیلي میډیسن خدمت ودرول شو",
        "The service contract ended in October. Patients are referred to district hospitals "
        "until a new contract is signed.",
    ),
    (
        "up-027",
        "land-records",
        "2025-02-10",
        "Land records trial in Khyber and Bajaur",
        "خیبر اور باجوڑ میں اراضی ریکارڈ کا تجربہ",
        "په خیبر او باجوړ کې د ځمکو ریکارډ آزمایښت",
        "The first service centres in the merged districts are being tried in Landi Kotal and Khar.",
    ),
    (
        "up-028",
        "statistics-portal",
        "2026-02-01",
        "Trial version of the statistics portal",
        "شماریات پورٹل کا آزمائشی ورژن",
        "د احصایې پورټل آزمایښتي نسخه",
        "The first twenty tables are online. Comments are welcome through the complaint portal.",
    ),
    (
        "up-029",
        "",
        "2026-03-05",
        "Shorter service hours during Ramadan",
        "رمضان میں سروس کے اوقات کم",
        "په روژه کې د خدماتو وختونه لنډ شول",
        "Service centres are open from 9:00 to 14:00 during Ramadan. Online services are not affected.",
    ),
    (
        "up-030",
        "birth-death",
        "2026-03-20",
        "Province-wide birth registration moved to July",
        "پورے صوبے میں پیدائش کا اندراج اب جولائی سے",
        "په ټوله صوبه کې د زیږون ثبت اوس له جولای څخه",
        "The launch planned for December 2025 was re-planned to 1 July 2026 so that every union "
        "council receives its tablet first.",
    ),
    (
        "up-031",
        "social-registry",
        "2026-04-10",
        "Social protection registry approved",
        "سماجی تحفظ رجسٹری کی منظوری",
        "د ټولنیز خوندیتوب ثبت تصویب شو",
        "The PC-1 was approved on 8 April 2026. A tender for the software follows.",
    ),
    (
        "up-032",
        "e-challan",
        "2026-04-25",
        "e-Challan to start in Karak and Lakki Marwat in May",
        "ای چالان مئی میں کرک اور لکی مروت میں شروع ہو گا",
        "ای چالان به د می په میاشت کې په کرک او لکي مروت کې پیل شي",
        "Devices have been ordered for both districts.",
    ),
    (
        "up-033",
        "land-records",
        "2026-05-20",
        "Land records service live in Khyber",
        "خیبر میں اراضی ریکارڈ سروس کا آغاز",
        "په خیبر کې د ځمکو د ریکارډ خدمت پیل شو",
        "The first merged district with a full land record centre.",
    ),
    (
        "up-034",
        "e-challan",
        "2026-06-15",
        "e-Challan live in Karak",
        "کرک میں ای چالان کا آغاز",
        "په کرک کې ای چالان پیل شو",
        "Karak is the fifteenth district with electronic traffic fines. Lakki Marwat follows after a pilot.",
    ),
    (
        "up-035",
        "birth-death",
        "2026-07-01",
        "Birth and death registration in every district",
        "ہر ضلع میں پیدائش و اموات کا اندراج",
        "په هره ضلع کې د زیږون او مړینې ثبت",
        "Every union council can now register births and deaths on a tablet and print a computerised certificate.",
    ),
    (
        "up-036",
        "flood-alerts",
        "2026-07-25",
        "Monsoon season: keep your phone on",
        "مون سون کا موسم: اپنا فون آن رکھیں",
        "د مونسون موسم: خپل ټیلیفون روښانه وساتئ",
        "Flood alerts are sent free of charge. Residents of river valleys should follow the "
        "instructions in every alert.",
    ),
    (
        "up-037",
        "telemedicine",
        "2026-08-05",
        "Telemedicine hubs reopen",
        "ٹیلی میڈیسن مراکز دوبارہ کھل گئے",
        "د ټیلي میډیسن مرکزونه بیا پرانیستل شول",
        "A new service contract was signed in July; all fourteen hubs are open again.",
    ),
    (
        "up-038",
        "agri-advisory",
        "2026-09-05",
        "Farmer SMS advice paused",
        "کسانوں کے لیے ایس ایم ایس مشورے معطل",
        "بزګرانو ته د SMS مشورې ودرول شوې",
        "The messaging contract expired in August. The helpline stays open while the renewal is approved.",
    ),
    (
        "up-039",
        "digital-mandi",
        "2026-09-15",
        "Work starts on the Digital Mandi",
        "ڈیجیٹل منڈی پر کام کا آغاز",
        "پر ډیجیټل منډۍ کار پیل شو",
        "The PC-1 was approved in August; a pilot at the Peshawar fruit and vegetable market starts in October.",
    ),
    (
        "up-040",
        "",
        "2026-10-15",
        "Six-monthly progress report published",
        "ششماہی پیش رفت رپورٹ شائع",
        "شپږمیاشتنی پرمختګ راپور خپور شو",
        "The report lists every re-planned milestone since April 2026 and the reasons given.",
    ),
    (
        "up-041",
        "e-challan",
        "2026-10-20",
        "e-Challan trial in Lakki Marwat",
        "لکی مروت میں ای چالان کا تجربہ",
        "په لکي مروت کې د ای چالان آزمایښت",
        "Wardens in Lakki Marwat city have used handheld devices since August; a decision on "
        "going live follows the review.",
    ),
)


def build_updates(as_of: dt.date) -> list[dict]:
    """Updates published on as_of (one withdrawn between the packages)."""
    rows = []
    for uid, ini, date, en, ur, ps, body in UPDATES:
        if date > as_of.isoformat():
            continue
        if as_of >= LATE and uid in WITHDRAWN_LATER:
            continue
        rows.append(
            {
                "update_id": uid,
                "initiative_id": ini,
                "date": date,
                "title": en,
                "title:ur": ur,
                "title:ps": ps,
                "body": body,
                **_tr("bodies", uid, "body"),
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------


def package_yaml(as_of: dt.date) -> dict:
    """The package.yaml content."""
    return {
        "title": "Khyber Pakhtunkhwa digital services (illustrative demo)",
        "publisher": "Demo: Khyber Pakhtunkhwa Information Technology Board",
        **{f"publisher:{lang}": text for lang, text in TRANSLATIONS["publisher"].items()},
        "as_of": as_of,
        "license": "CC-BY-4.0",
        "demo": True,
        "languages": ["ur", "ps"],
        "levels": ["country", "province", "division", "district"],
        "functions": {k: {"label": en, "label:ur": ur, "label:ps": ps} for k, (en, ur, ps) in FUNCTIONS.items()},
        "metrics": {
            k: {"label": en, "label:ur": ur, "label:ps": ps, **spec} for k, (en, ur, ps, spec) in METRICS.items()
        },
    }


def build(as_of: dt.date) -> dict[str, list[dict]]:
    """Every table of the package published on as_of."""
    cut = as_of.isoformat()
    tables = {
        "regions": [dict(r, population=str(r["population"])) for r in REGIONS],
        "departments": [
            {"department_id": d, "name": n, "name:ur": ur, "name:ps": ps, "region_id": "pk-kp", "sector": s}
            for d, n, ur, ps, s in DEPARTMENTS
        ],
        "initiatives": [],
        "milestones": build_milestones(as_of),
        "rollouts": [
            {"initiative_id": i, "region_id": r, "stage": s, "date": d} for i, r, s, d in ROLLOUTS if d <= cut
        ],
        "metrics": build_metrics(as_of),
        "targets": build_targets(),
        "funding": build_funding(as_of),
        "updates": build_updates(as_of),
    }
    for i in INITIATIVES:
        tables["initiatives"].append(
            {
                "initiative_id": i["id"],
                "name": i["name"],
                "name:ur": i["ur"],
                "name:ps": i["ps"],
                "department_id": i["dept"],
                "function": i["fn"],
                "summary": i["summary"],
                **_tr("summaries", i["id"], "summary"),
                "status": pick(i["status"], as_of),
                "start_date": i["start"],
                "target_date": i["target"],
                "budget": str(i["budget"]),
                "website": f"https://kp.example.org/{i['id']}" if i["site"] else "",
                "open_source": i["oss"],
            }
        )
    return tables


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows as UTF-8 CSV with LF line endings (columns from the first row)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check(tables: dict[str, list[dict]], as_of: dt.date) -> list[str]:
    """Contract checks the generator guarantees (a safety net, not the validator)."""
    problems = []
    idre = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
    cut, cut_m = as_of.isoformat(), as_of.isoformat()[:7]
    ids = {t: {r[f"{t[:-1]}_id"] for r in tables[t]} for t in ("regions", "departments", "initiatives")}
    for name, rows in tables.items():
        for n, row in enumerate(rows, 2):
            for col, v in row.items():
                where = f"{name}:{n}:{col}"
                if v == "" or v is None:
                    continue
                if col.endswith("_id") and not idre.match(v):
                    problems.append(f"{where}: bad id {v!r}")
                if col in ("region_id", "parent_id") and v not in ids["regions"]:
                    problems.append(f"{where}: unknown region {v!r}")
                if col == "initiative_id" and name != "initiatives" and v not in ids["initiatives"]:
                    problems.append(f"{where}: unknown initiative {v!r}")
                if col == "department_id" and v not in ids["departments"]:
                    problems.append(f"{where}: unknown department {v!r}")
                if col.endswith("date") or col in ("date", "as_of"):
                    dt.date.fromisoformat(v)
                    if (
                        col != "planned_date"
                        and col != "baseline_date"
                        and col != "target_date"
                        and v > cut
                        and name != "initiatives"
                    ):
                        problems.append(f"{where}: {v} after as_of")
                if col == "month" and name == "metrics" and v > cut_m:
                    problems.append(f"{where}: month after as_of")
    for name, key in (
        ("rollouts", ("initiative_id", "region_id", "stage")),
        ("metrics", ("initiative_id", "region_id", "metric", "month")),
        ("targets", ("initiative_id", "region_id", "metric", "month")),
        ("milestones", ("milestone_id",)),
        ("updates", ("update_id",)),
    ):
        seen = set()
        for row in tables[name]:
            k = tuple(row[c] for c in key)
            if k in seen:
                problems.append(f"{name}: duplicate key {k}")
            seen.add(k)
    # no row for a region and one of its descendants (same initiative, metric, month)
    cells = defaultdict(set)
    for row in tables["metrics"]:
        cells[(row["initiative_id"], row["metric"], row["month"])].add(row["region_id"])
        if METRICS[row["metric"]][3]["unit"] == "percent" and float(row["value"]) > 100:
            problems.append(f"metrics: percent over 100 {row}")
    for k, regions in cells.items():
        for r in regions:
            if any(a in regions for a in ancestors(r)):
                problems.append(f"metrics: {k} reported at {r} and an ancestor")
    # rollouts: a later stage is never dated before an earlier one at the same region
    by = defaultdict(list)
    for row in tables["rollouts"]:
        by[(row["initiative_id"], row["region_id"])].append((STAGES.index(row["stage"]), row["date"]))
    for k, rows in by.items():
        rows.sort()
        if [d for _, d in rows] != sorted(d for _, d in rows):
            problems.append(f"rollouts: stages out of date order at {k}")
    for row in tables["initiatives"]:
        if row["target_date"] and row["start_date"] and row["target_date"] < row["start_date"]:
            problems.append(f"initiatives: target before start {row['initiative_id']}")
    return problems


def main() -> int:
    """Write both packages and the README's figures; return the exit status."""
    results = {}
    for folder, as_of in PACKAGES:
        tables = build(as_of)
        problems = check(tables, as_of)
        if problems:
            print("\n".join(problems[:50]), file=sys.stderr)
            return 1
        out = OUT / folder
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        with (out / "package.yaml").open("w", encoding="utf-8", newline="\n") as fh:
            yaml.safe_dump(package_yaml(as_of), fh, allow_unicode=True, sort_keys=False, width=100)
        for name, rows in tables.items():
            write_csv(out / f"{name}.csv", rows)
        results[folder] = {name: len(rows) for name, rows in tables.items()}
    for folder, counts in results.items():
        print(folder, " ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
