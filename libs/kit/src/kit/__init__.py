"""The platform every mentorship service is built on."""
