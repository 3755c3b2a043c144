"""A local token issuer for the embedded mode and tests: an RSA key on disk, tokens on demand."""

import time
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass(frozen=True)
class DevIssuer:
    private_key_pem: bytes
    issuer: str = "mentorship-dev"
    audience: str = "mentorship"

    @classmethod
    def generate(cls, issuer: str = "mentorship-dev", audience: str = "mentorship") -> "DevIssuer":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return cls(pem, issuer, audience)

    @classmethod
    def load_or_create(cls, path: Path) -> "DevIssuer":
        """The issuer whose key is at `path`; its public key is written beside, `*.pub.pem`,
        for services run as separate processes (docker-compose.override.yml mounts it)."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(cls.generate().private_key_pem)
            path.chmod(0o600)
        issuer = cls(path.read_bytes())
        public = path.with_suffix(".pub.pem")
        if not public.exists():
            public.write_text(issuer.public_key_pem)
        return issuer

    @property
    def public_key_pem(self) -> str:
        key = serialization.load_pem_private_key(self.private_key_pem, password=None)
        return (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def mint(
        self, sub: str, org: str, roles: list[str] | None = None, ttl_seconds: int = 3600
    ) -> str:
        now = int(time.time())
        claims = {
            "sub": sub,
            "org": org,
            "roles": roles or [],
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + ttl_seconds,
            "jti": uuid4().hex,
        }
        return jwt.encode(claims, self.private_key_pem, algorithm="RS256")
