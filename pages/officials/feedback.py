"""Feedback: officials read citizens' comments on their departments' services, approve or hide each with a
reason, and write the department's reply (publishers: their departments; administrators: all)."""

from shafaf.auth.ui import officials_page
from shafaf.officials.feedback_page import body

officials_page("feedback", body, role="publisher")
