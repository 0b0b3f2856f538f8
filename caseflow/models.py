"""Import every room's models so that SQLAlchemy and Alembic see the whole schema."""

from caseflow.audit.models import AuditEvent, AuditHead
from caseflow.auth.models import ApiToken, LoginThrottle, User
from caseflow.org.models import Unit

__all__ = ["ApiToken", "AuditEvent", "AuditHead", "LoginThrottle", "Unit", "User"]
