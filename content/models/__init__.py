"""Page models and snippets of the catalogue and the site."""
from .agencies import AgencyIndexPage, AgencyPage, FieldIndexPage, FieldPage
from .catalogue import (
    ProcedureComponent,
    ProcedureIndexPage,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from .pages import HomePage, HomePageFeaturedProcedure

__all__ = [
    "AgencyIndexPage",
    "AgencyPage",
    "FieldIndexPage",
    "FieldPage",
    "HomePage",
    "HomePageFeaturedProcedure",
    "ProcedureComponent",
    "ProcedureIndexPage",
    "ProcedureLegalBasis",
    "ProcedureMethod",
    "ProcedurePage",
]
