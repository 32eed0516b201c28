"""Sign in: officials who publish data sign in here with their account; the public pages need no sign-in."""

from shafaf.auth.sign_in import body
from shafaf.auth.ui import officials_page

officials_page("sign_in", body, role=None)
