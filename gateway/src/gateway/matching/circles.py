"""The circles of GROUP programs: their types live in gateway.matching.types (a Program
lists its circles, a circle names its program), imported from here as before."""

from gateway.matching.types import Circle, CircleMember, CircleMentor, circles_of

__all__ = ["Circle", "CircleMember", "CircleMentor", "circles_of"]
