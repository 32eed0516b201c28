"""Publish: officials upload a package, see its problems or what it would change, and publish it."""

from shafaf.auth.ui import officials_page
from shafaf.officials.publish_page import body

officials_page("publish", body, role="publisher")
