"""A synthetic corpus in the glossary template, for measuring the build at scale.

Each article recombines the sentence shapes of the dev articles
(``tests/data/corpus``) with invented names: concepts ("Reciprocal
Assurance"), institutions ("Council of Eldmoor"), treaties ("Varnholm
Accords"), events ("Tessly Crisis"), regions and states. Nothing names a real
entity: place names are built from syllables, and concept names from a small
vocabulary checked against the dev titles and the curated background data.

Articles refer to each other: "X is derived from Y" and "X vs Y" name other
articles' subjects, and institutions, treaties and events are often reused,
so resolution has to merge entities across articles as it does on real text.

Deterministic: the same ``seed`` and ``n`` give the same files, and the first
``k`` articles of ``n`` are the ``k`` articles of ``k`` (an article draws only
on the names of the articles before it).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# --- invented names ---------------------------------------------------------------------------------

_ONSETS = ("Eld", "Tess", "Brann", "Kest", "Orl", "Hal", "Dun", "Skel", "Thav", "Wend", "Quel", "Ast", "Cald",
           "Dorv", "Esk", "Gorm", "Harr", "Iv", "Jor", "Lom", "Mir", "Nev", "Ost", "Pell", "Rhun", "Sarr", "Tor",
           "Ulm", "Vey", "Zar", "Varn", "Fenn", "Grel", "Kor", "Lys", "Morv", "Nor", "Pry", "Sk", "Tarv")
_MIDDLES = ("a", "e", "i", "o", "y", "ae", "ou", "en", "ar", "")
_ENDINGS = ("moor", "ria", "dan", "vik", "holm", "mund", "stead", "wick", "gard", "ssa", "nor", "lith", "mere",
            "ford", "ven", "tor", "ly", "ara", "esh", "ond")

_ADJECTIVES = ("Reciprocal", "Graduated", "Layered", "Calibrated", "Distributed", "Concerted", "Anticipatory",
               "Negotiated", "Verified", "Conditional", "Structured", "Adaptive", "Balanced", "Integrated",
               "Transparent", "Sustained", "Proportional", "Phased", "Extended", "Assured", "Coordinated",
               "Inclusive", "Durable", "Tempered", "Networked", "Pooled", "Bounded", "Staged", "Mirrored",
               "Guarded", "Patient", "Convergent", "Interlocking", "Tiered", "Rotating", "Provisional",
               "Consensual", "Attentive", "Measured", "Overlapping")
_NOUNS = ("Assurance", "Restraint", "Vigilance", "Reassurance", "Guarantee", "Equilibrium", "Reciprocity",
          "Solidarity", "Accountability", "Stewardship", "Forbearance", "Stability", "Resilience", "Parity",
          "Transparency", "Mediation", "Verification", "Moderation", "Guardianship", "Accommodation",
          "Conciliation", "Oversight", "Insurance", "Neutrality", "Interdependence", "Predictability",
          "Compliance", "Custody", "Partnership", "Settlement", "Reciprocation", "Attunement", "Mutuality",
          "Continuity", "Proportionality")
_DOMAINS = ("Borders", "Frontiers", "Commitments", "Guarantees", "Obligations", "Capabilities", "Intentions",
            "Arsenals", "Alliances", "Ceasefires", "Neighbours", "Maritime Lanes", "Airspace", "Deterrents")

_ORG_TOPICS = ("Maritime Co-operation", "Security Dialogue", "Arms Reduction", "Border Monitoring",
               "Conflict Prevention", "Nuclear Restraint", "Regional Stability", "Ceasefire Supervision",
               "Naval Transparency", "Frontier Mediation", "Disarmament Verification", "Civil Protection",
               "Airspace Safety", "Refugee Protection", "Mine Clearance", "Strategic Dialogue")


def _place(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES) + rng.choice(_ENDINGS)


def _acronym(name: str) -> str:
    letters = [w[0] for part in name.split() for w in part.split("-") if w[:1].isupper()]
    return "".join(letters)


class _Names:
    """Invented names by kind; reused with some probability so that articles share entities."""

    REUSE = 0.35  # share of names taken from earlier articles: enough for merges, not a handful of hubs

    def __init__(self, rng: random.Random, reserved: set[str]):
        self.rng = rng
        self.pool: dict[str, list] = {k: [] for k in ("institution", "org", "treaty", "event", "region", "state")}
        self.used: set[str] = set()
        self.acronyms: set[str] = set(reserved)

    def _fresh(self, make) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of invented names")  # never at the sizes measured

    def _get(self, kind: str, make, fresh: bool = False):
        pool = self.pool[kind]
        if pool and not fresh and self.rng.random() < self.REUSE:
            return self.rng.choice(pool)
        value = make()
        pool.append(value)
        return value

    def institution(self, fresh: bool = False) -> str:
        forms = ("Council of {p}", "{p} Commission", "{p} Security Forum", "League of {p}", "{p} Assembly",
                 "{p} Monitoring Mission", "Secretariat of {p}")
        return self._get("institution", lambda: self._fresh(lambda: self.rng.choice(forms).format(p=_place(self.rng))),
                         fresh)

    def org(self, fresh: bool = False) -> tuple[str, str]:
        """An organisation with an acronym no other name uses: (name, acronym)."""
        def make():
            for _ in range(1000):
                place = _place(self.rng)
                name = f"Organization for {self.rng.choice(_ORG_TOPICS)} in {place}"
                if name in self.used:
                    continue
                # "OMCT", else "OMCTE", "OMCTES", ...: more of the place name until it is unique.
                for extra in range(0, 4):
                    acr = _acronym(name) + place[1:1 + extra].upper()
                    if acr not in self.acronyms and acr.isalpha():
                        self.used.add(name)
                        self.acronyms.add(acr)
                        return name, acr
            raise RuntimeError("ran out of acronyms")
        return self._get("org", make, fresh)

    def formal_org(self) -> str:
        """A long formal name used once, as another name's alias (so it needs no acronym)."""
        return self._fresh(lambda: f"{self.rng.choice(_ORG_TOPICS)} Commission of {_place(self.rng)}")

    def treaty(self) -> str:
        forms = ("Treaty of {p}", "{p} Accords", "{p} Convention", "Protocol of {p}", "{p} Declaration",
                 "{p} Document", "Charter of {p}")
        return self._get("treaty", lambda: self._fresh(lambda: self.rng.choice(forms).format(p=_place(self.rng))))

    def event(self) -> str:
        forms = ("{p} Crisis", "Siege of {p}", "{p} War", "Invasion of {p}", "{p} Blockade", "{p} Uprising")
        return self._get("event", lambda: self._fresh(lambda: self.rng.choice(forms).format(p=_place(self.rng))))

    def region(self) -> str:
        forms = ("{p} Basin", "Gulf of {p}", "{p} Peninsula", "{p} Corridor")
        return self._get("region", lambda: self._fresh(lambda: self.rng.choice(forms).format(p=_place(self.rng))))

    def state(self) -> str:
        forms = ("Republic of {p}", "Kingdom of {p}", "Federation of {p}")
        return self._get("state", lambda: self._fresh(lambda: self.rng.choice(forms).format(p=_place(self.rng))))


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def _reserved_names() -> tuple[set[str], set[str]]:
    """Names the corpus must not use: dev article titles and the curated background's labels and acronyms."""
    titles, acronyms = set(), set()
    dev = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
    for path in sorted(dev.glob("*.txt")):
        titles.add(_norm(path.read_text(encoding="utf-8").splitlines()[0]))
    try:
        from kg.background import load_background

        for name, _ in load_background().names():
            titles.add(_norm(name))
            if name.replace(".", "").isupper():
                acronyms.add(name.replace(".", ""))
    except Exception:  # the generator works without the package's data too
        pass
    return titles, acronyms


def _titles(rng: random.Random, n: int, reserved: set[str]) -> list[str]:
    """``n`` unique invented concept names, in a fixed order (the first k do not depend on n)."""
    titles: list[str] = []
    seen = set(reserved)
    while len(titles) < n:
        shape = rng.random()
        if shape < 0.45:
            title = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        elif shape < 0.65:
            title = f"{rng.choice(_NOUNS)} of {rng.choice(_DOMAINS)}"
        else:
            a, b = rng.sample(_ADJECTIVES, 2)
            title = f"{a} {b} {rng.choice(_NOUNS)}"
        key = _norm(title)
        if key not in seen:
            seen.add(key)
            titles.append(title)
    return titles


# --- sentence shapes (from the dev articles) -----------------------------------------------------------
# Placeholders: {T} the title, {t} the title mid-sentence (lower case), {Tc} the title opening a
# sentence ("Reciprocal assurance"), {p} / {o} another concept mid-sentence, {O} it as written in a
# heading; {i}, {i2} institutions, {org} / {acr} an organisation and its acronym, {fi} and {forg} an
# institution and an organisation named only here (one is the other's alias), {tr}, {tr2} treaties,
# {ev} an event, {r} a region, {s1}, {s2} states, {y1}, {y2}, {y3} years.

DEFINITIONS = (
    ("An arrangement in which states agree that a threat to one member is a threat to all and commit themselves "
     "to a joint response. It turns the idea of {p} into a standing mechanism of international order."),
    ("The concept that the security of one state is linked to the security of others, emphasizing collective "
     "approaches to peace and conflict prevention. It challenges purely national security perspectives."),
    ("Practical steps that make the military activities of states more transparent and predictable, reducing the "
     "risk that misunderstanding or surprise leads to war. They lower tension without requiring states to give "
     "up their forces."),
    ("The idea that no state can achieve lasting security at the expense of its adversaries, and that rivals must "
     "therefore seek security together rather than against each other. It reframes security as a shared problem "
     "between opponents."),
    ("The deployment of impartial international personnel, military and civilian, to help parties to a conflict "
     "keep a ceasefire and move towards a lasting settlement. It operates with the consent of the parties and "
     "uses force only in self-defense or in defense of its mandate."),
    ("The principle that commitments between rivals should be matched step by step, so that neither side carries "
     "the risk of going first. It turns mutual suspicion into a sequence of small, checkable promises."),
)

PRACTICE = (
    ("Under {t}, member states renounce the use of force against one another and promise to act together against "
     "any member that commits aggression. {Tc} is derived from {p}: because peace is shared, its defense has to "
     "be shared as well. The joint response can range from diplomatic pressure and economic sanctions to military "
     "action authorized by a common body. The arrangement depends on members being willing to act even when their "
     "own territory is not directly threatened, which is why it needs a permanent institution to coordinate "
     "decisions."),
    ("{Tc} builds on {p} and applies it directly to relations between rivals. Instead of each side trying to make "
     "itself safe by making the other afraid, both sides look for arrangements that leave neither feeling "
     "threatened. That usually means mutual restraint, negotiated limits on the most destabilising weapons, and "
     "regular dialogue even during periods of hostility."),
    ("{Tc} stems from {p}: if one state's insecurity endangers its neighbours, then reassuring that state makes "
     "everyone safer. In practice it includes advance notice of large military exercises, the exchange of "
     "information on forces and budgets, invitations for foreign observers, and hotlines between capitals. Each "
     "measure is modest on its own, but together they build a habit of openness that makes a surprise attack "
     "harder to plan and easier to detect."),
    ("{Tc} developed out of {p} when rivalry between the great powers blocked the enforcement measures the "
     "founders of the {i} had planned. Instead of fighting an aggressor, monitors stand between the parties, "
     "watch ceasefire lines, and support the political process. Missions are authorized by the {i2}, staffed by "
     "troops contributed by member states, and increasingly include police, electoral and human rights experts."),
    ("The {t} means that the safety and stability of one country cannot be fully separated from that of others. "
     "In practical terms, {t} is rooted in {p} and encourages nations to consider regional and global security as "
     "interconnected. For example, a conflict or insecurity in one state may spill over borders, affecting "
     "neighboring countries and even global peace. Hence, policies and agreements often emphasize joint "
     "operations and multilateral dialogue to address security challenges."),
)

IMPORTANCE = (
    ("{Tc} aims to deter aggression by making it clear that an aggressor will face the combined weight of the "
     "whole community. It replaces shifting alliances with a standing commitment, and it gives smaller states a "
     "protection they could not achieve alone. When it fails, aggression goes unanswered and the whole system "
     "loses credibility, which can lead to rearmament and a return to rival blocs."),
    ("{Tc} offered a way out of the logic of the arms race, in which every new weapon on one side prompted a "
     "matching weapon on the other. It showed that security policy could reduce the danger for both sides at "
     "once. Ignoring {t} can lead to an arms race and to a permanent state of mutual suspicion."),
    ("Many wars have started through miscalculation rather than design. By letting states see what their "
     "neighbours are doing, {t} reduces worst-case thinking and gives leaders time to talk before a crisis "
     "escalates. It also creates channels of communication that remain useful when relations are otherwise poor."),
    ("This concept is crucial because it challenges the traditional view of security as solely a national "
     "concern. When states recognize that their security is linked with others', it fosters collaboration, "
     "reduces tensions, and helps prevent conflicts from escalating. Ignoring {t} can lead to mistrust and "
     "fragmented approaches that ultimately harm global stability."),
)

VERSUS = (
    ("{Tc} is inward-looking: it protects every member against aggression by any other member. {Oc}, by "
     "contrast, is directed against an external threat, in which members pledge to defend one another against "
     "attack from outside the group. In short, {t} is universal in its ambition, while {o} draws a line between "
     "members and outsiders."),
    ("{Oc} seeks safety by threatening unacceptable punishment to any attacker, so it depends on the other side "
     "being afraid. {Tc} seeks safety by removing the reasons for attack in the first place, so it depends on the "
     "other side feeling secure. {Oc} can coexist with {t}, but on its own it tends to fuel the very competition "
     "it is meant to manage."),
    ("{Tc} changes how forces are used and observed, whereas {o} limits how many weapons states may hold. The "
     "two are complementary: {o} reduces capabilities, while {t} reduces uncertainty about intentions. A state "
     "can accept observers at its exercises long before it is ready to cut its arsenal."),
    ("{Tc} rests on consent, impartiality and the minimum use of force. {Oc}, on the other hand, uses coercive "
     "action against a party that breaks the peace, with or without its consent. {Tc} supports an existing "
     "agreement, while {o} imposes one."),
)

EXAMPLES = (
    ("The {i}, founded in {y1}, is the earliest example of a regional system of {t}, and its failure to stop the "
     "{ev} showed the limits of the idea. The {i2} embodies the principle today, since it can authorize collective "
     "measures against threats to peace under the {tr}, signed in {y2}."),
    ("The {i}, established in {y1}, was the first mission of this kind and still observes ceasefires in the {r}. "
     "The {i2}, created during the {ev} of {y2}, is the classic example of {t}, because it was the first body to "
     "deploy lightly armed observers between the warring sides."),
    ("The {tr} of {y1} introduced the first such measures in the {r}, including prior notification of major "
     "military manoeuvres. The {tr2} of {y2} is a good example of how the approach matured, because it made "
     "on-site inspections mandatory. The {i}, first adopted in {y3} and regularly updated within the {org} "
     "({acr}), reflects the same idea across the whole {acr} area."),
    ("The {fi}, formally the {forg}, set out the concept in its {y1} report. The {tr} of {y2} is widely seen as an "
     "example of {t}, since both the {s1} and the {s2} gave up an entire class of missiles that made each of "
     "them feel less safe."),
    ("One clear example is the {org} ({acr}), which promotes security through dialogue and cooperation across the "
     "{r}, reflecting the idea that the security of its members is linked. Similarly, the {i} system, including "
     "its monitoring missions, embodies the principle by working to prevent conflicts that could destabilize "
     "multiple countries."),
)

MISCONCEPTIONS = (
    ("A frequent mistake is to treat {t} as the same thing as a military alliance. An alliance is directed "
     "against a named adversary, while {t} is open to all members and directed against aggression as such. "
     "Another misconception is that {t} requires a world government; in fact it works through agreements among "
     "sovereign states."),
    ("A common misunderstanding is that {t} means trusting an adversary blindly. It relies on verification and on "
     "interests both sides share, not on goodwill alone. Another misconception is that it requires disarmament "
     "first; in practice it begins with small steps that make later reductions possible."),
    ("One misconception is that {t} is purely symbolic. In fact inspections and data exchanges produce verifiable "
     "information that militaries rely on. Another is that it only matters between adversaries; neighbours with "
     "good relations also use it to avoid accidents and misreadings."),
    ("One misconception is that the monitors of {t} are there to win a war on behalf of one side. Their mandate "
     "is to support a peace that the parties themselves accept. Another misconception is that {t} is purely "
     "military; modern missions are largely civilian in their tasks."),
)

EXAMPLE = (
    ("The {ev} of {y1} exemplifies {t} in action, as member states of the {i} acted together under a {i2} "
     "mandate to repel the invasion of the {r}."),
    "The {tr}, signed in {y1}, illustrates {t} by allowing member states to fly unarmed observation flights over each other's territory.",
    "The {i} exemplifies {t}, as it separated the forces involved in the {ev} and supervised their withdrawal.",
    ("The {tr} of {y1} exemplifies {t} by promoting cooperation and respect for security concerns across the {r} "
     "during the {ev}."),
)


def _mid(title: str) -> str:
    """A concept's name inside a sentence: lower case, as the dev articles write their subjects."""
    return title.lower()


def _opening(title: str) -> str:
    low = title.lower()
    return low[:1].upper() + low[1:]


def article(index: int, titles: list[str], names: _Names, rng: random.Random) -> str:
    """The text of article ``index`` (its title is ``titles[index]``)."""
    title = titles[index]
    earlier = titles[:index]
    # The concept it is derived from and the one it is compared with: mostly other articles' subjects.
    parent = rng.choice(earlier) if earlier else f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    if earlier and rng.random() < 0.6:
        other = rng.choice(earlier)
    else:
        other = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    if _norm(other) == _norm(title) or _norm(other) == _norm(parent):
        other = f"Unilateral {title.split()[-1]}"
    org, acr = names.org()
    formal_org = names.formal_org()
    y1, y2, y3 = sorted(rng.sample(range(1890, 2021), 3))
    values = {
        "T": title, "t": _mid(title), "Tc": _opening(title), "p": _mid(parent), "O": other, "o": _mid(other),
        "Oc": _opening(other), "i": names.institution(), "i2": names.institution(), "org": org, "acr": acr,
        "fi": names.institution(fresh=True), "forg": formal_org,
        "tr": names.treaty(), "tr2": names.treaty(), "ev": names.event(), "r": names.region(),
        "s1": names.state(), "s2": names.state(), "y1": y1, "y2": y2, "y3": y3,
    }
    if values["i2"] == values["i"]:
        values["i2"] = names.institution()
    if values["tr2"] == values["tr"]:
        values["tr2"] = names.treaty()
    if values["s2"] == values["s1"]:
        values["s2"] = names.state()
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)  # every month has a 28th
    year = rng.randint(2020, 2026)

    def pick(shapes) -> str:
        return rng.choice(shapes).format(**values)

    lines = [
        title,
        pick(DEFINITIONS),
        f"Updated {month} {day}, {year}",
        "How It Works in Practice",
        pick(PRACTICE),
        "Why It Matters",
        pick(IMPORTANCE),
        f"{title} vs {other}",
        pick(VERSUS),
        "Real-World Examples",
        pick(EXAMPLES),
        "Common Misconceptions",
        pick(MISCONCEPTIONS),
        "Example",
        pick(EXAMPLE),
    ]
    return "\n".join(lines) + "\n"


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def generate(n: int, seed: int, out_dir: Path | str) -> list[Path]:
    """Write ``n`` articles to ``out_dir`` (created if missing) and return their paths, in order.

    Same ``n`` and ``seed``: same bytes. Files already in ``out_dir`` are left alone
    unless they have the name of an article written now.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reserved_titles, reserved_acronyms = _reserved_names()
    titles = _titles(rng, n, reserved_titles)
    names = _Names(random.Random(f"{seed}/names"), reserved_acronyms)
    paths = []
    for index in range(n):
        text = article(index, titles, names, random.Random(f"{seed}/article/{index}"))
        path = out_dir / f"{slug(titles[index])}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
