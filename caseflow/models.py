"""Import every room's models so that SQLAlchemy and Alembic see the whole schema."""

from caseflow.audit.models import AuditEvent, AuditHead
from caseflow.auth.models import ApiToken, LoginThrottle, User
from caseflow.cases.models import Case, Evidence, NumberCounter, Party, Patent
from caseflow.deadlines.models import CalendarDay, CalendarYear, CaseClock, Notification
from caseflow.documents.models import Document, DocumentRecipient, DocumentService
from caseflow.notifications.models import OutboxMail
from caseflow.org.models import Unit
from caseflow.routing.models import (
                                     AssistTask,
                                     CaseAccess,
                                     CaseMember,
                                     Entrustment,
                                     Recusal,
                                     Setting,
                                     UserConflict,
)

__all__ = ["AssistTask", "CaseAccess", "CaseMember", "Entrustment", "Recusal", "Setting",
           "UserConflict", "ApiToken", "AuditEvent", "AuditHead", "CalendarDay", "CalendarYear", "Case",
           "CaseClock", "Document", "DocumentRecipient", "DocumentService", "Evidence", "LoginThrottle", "Notification", "OutboxMail", "NumberCounter", "Party",
           "Patent", "Unit", "User"]
