"""The embedded mode's local token issuer, light to import: minting must not load the backend."""

from pathlib import Path

from kit.devtokens import DevIssuer


def dev_issuer(data_dir: Path) -> DevIssuer:
    return DevIssuer.load_or_create(data_dir / "dev-issuer.pem")
