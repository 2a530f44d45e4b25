import os

# Tests run with development settings unless the caller chose otherwise.
os.environ.setdefault("DJANGO_DEBUG", "1")
