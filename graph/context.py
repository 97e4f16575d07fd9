"""What every resolver gets: the request's transaction, loaders, settings and the date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from api.settings import Settings
from db.session import RequestDB
from graph.loaders.units import UnitLoaders


class Context(BaseContext):
    def __init__(self, *, db: RequestDB, settings: Settings) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        # "Today" is Vietnam's date, whatever the server's clock zone.
        self.today: date = datetime.now(ZoneInfo(settings.timezone)).date()
        self.units = UnitLoaders(db)


Info = StrawberryInfo[Context, None]
