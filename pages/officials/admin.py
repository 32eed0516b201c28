"""Administration: the publication record, refused attempts, and roll back to an earlier snapshot."""

from shafaf.auth.ui import officials_page
from shafaf.officials.admin_page import body

officials_page("admin", body, role="admin")
