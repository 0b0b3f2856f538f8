import sys

from caseflow import create_app
from caseflow.config import StartupRefused

try:
    app = create_app()
except StartupRefused as refused:
    print(refused.code, file=sys.stderr)
    sys.exit(3)  # gunicorn's boot-error status: stop the server instead of restarting workers
