"""Page models and snippets of the catalogue and the site."""

from .accessibility import AccessibilityReport
from .agencies import AgencyIndexPage, AgencyPage, FieldIndexPage, FieldPage
from .catalogue import (
    ProcedureComponent,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from .catalogue_index import ProcedureIndexPage
from .editorial import DepartmentEditorGroup
from .fees import ProcedureFee, ProcedureFeeExemption
from .pages import HomePage, HomePageFeaturedProcedure, NewsIndexPage, NewsPage, StandardPage
from .settings import PortalIdentity

__all__ = [
    "AccessibilityReport",
    "AgencyIndexPage",
    "AgencyPage",
    "DepartmentEditorGroup",
    "FieldIndexPage",
    "FieldPage",
    "HomePage",
    "HomePageFeaturedProcedure",
    "NewsIndexPage",
    "NewsPage",
    "PortalIdentity",
    "ProcedureComponent",
    "ProcedureFee",
    "ProcedureFeeExemption",
    "ProcedureIndexPage",
    "ProcedureLegalBasis",
    "ProcedureMethod",
    "ProcedurePage",
    "StandardPage",
]
