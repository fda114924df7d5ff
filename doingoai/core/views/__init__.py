"""Views of core: the generic record views and the shell (home, search, attachments)."""
