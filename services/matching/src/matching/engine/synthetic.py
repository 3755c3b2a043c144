"""Synthetic but realistic cohorts (for benchmarks, demos and tests), deterministic per seed.

Skill popularity is Zipf-like and differs between what mentees want and what mentors offer;
10 % of mentors are also mentees, 30 % of mentees have their manager in the mentor pool, and
there are N/2 random exclusions: every hard constraint has work to do.
"""

import numpy as np

from matching.engine.profiles import STYLES, Profile

SKILLS = [f"skill-{index:02d}" for index in range(60)]
GOALS = [f"goal-{index:02d}" for index in range(12)]
MOTIVATORS = [f"motivator-{index}" for index in range(8)]
OFFSETS = [-8.0, -5.0, 0.0, 1.0, 2.0, 5.5, 8.0]
LANGUAGES = ["en", "fr", "de", "es", "pt", "ja"]
MONTHS = [f"2027-{month:02d}" for month in range(1, 13)]
# Goals in people's own words: a vocabulary of topic words, a few filler words around them.
TOPICS = [f"topic{index:03d}" for index in range(300)]


def _zipf(count: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return rng.permutation(weights / weights.sum())


def cohort(
    mentees: int, mentors: int, seed: int = 0, tight: bool = True
) -> tuple[list[Profile], list[Profile]]:
    rng = np.random.default_rng(seed)
    wanted_p, offered_p = _zipf(len(SKILLS), 1.0, rng), _zipf(len(SKILLS), 0.6, rng)
    language_p = np.array([0.55, 0.12, 0.1, 0.1, 0.08, 0.05])
    topic_p = _zipf(len(TOPICS), 0.8, rng)
    mentor_ids = [f"mentor-{index}" for index in range(mentors)]
    mentee_ids = [f"mentee-{index}" for index in range(mentees)]
    # 10 % of mentors are also mentees in the same program (same person, both roles).
    for index in rng.choice(mentors, size=min(mentors, mentees, mentors // 10), replace=False):
        mentee_ids[int(index)] = mentor_ids[int(index)]
    capacity = rng.choice([1, 2, 3, 4, 5], size=mentors, p=[0.02, 0.03, 0.05, 0.2, 0.7])
    while tight and capacity.sum() < mentees and (capacity < 5).any():
        capacity[rng.choice(np.nonzero(capacity < 5)[0])] += 1
    exclusions: dict[str, list[str]] = {}
    for _ in range(mentees // 2):
        a, b = mentee_ids[rng.integers(mentees)], mentor_ids[rng.integers(mentors)]
        exclusions.setdefault(a, []).append(b)

    def person(user_id: str, mentor: bool, index: int) -> Profile:
        skills = rng.choice(
            len(SKILLS),
            size=int(rng.integers(3, 9) if mentor else rng.integers(2, 6)),
            replace=False,
            p=offered_p if mentor else wanted_p,
        )
        levels = (
            rng.integers(2, 6, size=len(skills)) if mentor else rng.integers(1, 6, size=len(skills))
        )
        chosen = {SKILLS[s]: int(level) for s, level in zip(skills, levels, strict=True)}
        languages = {"en"} if rng.random() < 0.7 else set()
        languages |= {
            LANGUAGES[i] for i in rng.choice(6, size=int(rng.integers(1, 3)), p=language_p)
        }
        months = rng.choice(12, size=int(rng.integers(4, 13)), replace=False)
        topics = rng.choice(
            len(TOPICS), size=int(rng.integers(4, 13) if mentor else rng.integers(2, 7)), p=topic_p
        )
        goals_text = ("I can help with " if mentor else "I want to get better at ") + ", ".join(
            TOPICS[t] for t in topics
        )
        manager = None
        if not mentor and rng.random() < 0.3:
            manager = mentor_ids[int(rng.integers(mentors))]
        return Profile(
            key=f"{'r' if mentor else 'e'}{index}",
            user_id=user_id,
            skills_offered=chosen if mentor else {},
            skills_wanted={} if mentor else chosen,
            goals=tuple(
                GOALS[g]
                for g in rng.choice(
                    12,
                    size=int(rng.integers(2, 6) if mentor else rng.integers(1, 4)),
                    replace=False,
                )
            ),
            goals_text=goals_text,
            motivators={name: int(rng.integers(1, 6)) for name in MOTIVATORS},
            communication_style=STYLES[int(rng.integers(len(STYLES)))],
            seniority=int(rng.integers(3, 11) if mentor else rng.integers(1, 7)),
            department=f"dept-{int(rng.integers(20)):02d}",
            manager_user_id=manager,
            utc_offset_hours=OFFSETS[int(rng.integers(len(OFFSETS)))],
            languages=tuple(sorted(languages)),
            available_months=tuple(MONTHS[m] for m in sorted(months)),
            capacity=int(capacity[index]) if mentor else 0,
            exclusions=tuple(exclusions.get(user_id, [])) if not mentor else (),
            attributes={"site": f"site-{int(rng.integers(4))}"},
        )

    mentor_profiles = [person(user, True, i) for i, user in enumerate(mentor_ids)]
    mentee_profiles = [person(user, False, i) for i, user in enumerate(mentee_ids)]
    return mentee_profiles, mentor_profiles
