"""Seeded synthetic inspection reports in the 2021-23 PDU text layout, with their ground truth.

For benchmarks (thousands of realistic inputs) and tests (extracting a generated report must give back its
ground truth). Everything is invented: bodies, inspectors, findings and quotes; only the inspection
framework's fixed wording (standard statements, key questions, boilerplate) follows the published reports.
Ratings follow the published rules: a key question's percentage falls in a band, a domain-two standard takes
the band of its lowest key question, Leadership and Services are held to Requires improvement while most
domain-two standards are Inadequate, points are summed into the score and the score gives the overall
rating.

Parsing, and anything that reads real reports, does not belong here.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

POINTS = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
SCORE_MAX = 27
# Overall bands for a 27-point PDU inspection: the same proportions (1/6, 1/2, 5/6 of the maximum) as the
# confirmed youth bands out of 36 (0-6, 7-18, 19-30, 31-36).
OVERALL_BANDS = ((4, "Inadequate"), (13, "Requires improvement"), (22, "Good"), (27, "Outstanding"))
FIRST_MONTH = dt.date(2021, 7, 1)
MONTHS = 30  # July 2021 to December 2023


# Lowest percentage of each key-question band. Kept apart from the extractor's own rules on purpose: the
# generator is the oracle its tests compare against.
PERCENT_BANDS = ((80, "Outstanding"), (65, "Good"), (50, "Requires improvement"), (0, "Inadequate"))


def band(percentage: float) -> str:
    """The rating band of a key question's percentage."""
    return next(rating for lowest, rating in PERCENT_BANDS if percentage >= lowest)


def overall_rating(score: int) -> str:
    """The overall rating of a score out of 27."""
    return next(rating for upper, rating in OVERALL_BANDS if score <= upper)


@dataclass(frozen=True)
class SyntheticReport:
    """A generated report's text and what a correct extraction must find in it."""

    seed: int
    damage: bool
    text: str
    encoding: str  # how `data` encodes the text: utf-8 or cp1252
    report_id: str
    inspected_body: str
    region: str
    publication_month: dt.date
    fieldwork_start_date: dt.date
    lead_inspector: str
    isbn: str
    cases_inspected: int
    practitioner_interviews: int
    overall_rating: str
    score: int
    score_max: int
    ratings: dict[str, str]  # standard code -> rating, the nine rated standards
    key_questions: dict[tuple[str, int], float]  # (standard code, question no) -> percentage 'Yes'
    recommendations: tuple[tuple[str, int], ...]  # (addressee, number of recommendations), in order
    findings: dict[tuple[str, str], int] = field(default_factory=dict)  # (section, kind) -> count
    quotes: int = 0

    @property
    def recommendation_count(self) -> int:
        return sum(n for _, n in self.recommendations)

    @property
    def file_name(self) -> str:
        return f"{self.report_id}.txt"

    @property
    def data(self) -> bytes:
        return self.text.encode(self.encoding)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def isbn13(rng: random.Random) -> str:
    body = f"978191546{rng.randrange(8, 10)}{rng.randrange(100):02d}{rng.randrange(10)}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    check = (10 - total % 10) % 10
    return f"{body[:3]}-{body[3]}-{body[4:10]}-{body[10:12]}-{check}"


def _month(d: dt.date) -> str:
    return d.strftime("%B %Y")


def _day(d: dt.date) -> str:
    return f"{d.day:02d} {_month(d)}" if d.day < 10 and d.month % 2 else f"{d.day} {_month(d)}"


class _Doc:
    """Blocks of text joined by blank lines; `keep` marks a block that a page break must not follow."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.keep: list[bool] = []

    def add(self, *blocks: str, keep: bool = False) -> None:
        for block in blocks:
            self.blocks.append(block)
            self.keep.append(keep)


def generate_report(seed: int, damage: bool = False) -> SyntheticReport:
    """The report of one seed: the same seed always gives the same text and ground truth."""
    rng = random.Random(seed)
    body = body_name(rng)
    region = rng.choice(REGIONS)
    published = _add_months(FIRST_MONTH, rng.randrange(MONTHS))
    fieldwork = _fieldwork_start(rng, published)
    quality = rng.random()
    d1 = {code: _judged(rng, quality) for code, _, _ in DOMAIN_ONE}
    percentages = {(code, i + 1): _percentage(rng, quality) for code, _, _, qs in DOMAIN_TWO
                   for i in range(len(qs))}
    ratings = dict(d1)
    for code, _, _, qs in DOMAIN_TWO:
        ratings[code] = band(min(percentages[(code, i + 1)] for i in range(len(qs))))
    _limit(ratings)
    outcomes = float(rng.randrange(10, 90))
    score = sum(POINTS[r] for r in ratings.values())
    overall = overall_rating(score)
    facts = _Facts(rng, body, region, published, fieldwork, overall, score, ratings, percentages, outcomes)
    doc = _Doc()
    _front_matter(doc, facts)
    _ratings_page(doc, facts)
    _recommendations(doc, facts)
    _background(doc, facts)
    _domain_one(doc, facts)
    _domain_two(doc, facts)
    doc.add("Annexe one – Web links", ANNEXE)
    text = "\n\n\n\n" + "\n\n".join(doc.blocks) + "\n"
    encoding = "utf-8"
    if damage:
        text, encoding = _damage(seed, doc, facts)
    key_questions = dict(percentages)
    key_questions[("2.6", 1)] = outcomes
    return SyntheticReport(
        seed=seed, damage=damage, text=text, encoding=encoding,
        report_id=f"{slug(body)}-pdu-{published:%Y-%m}", inspected_body=f"{body} PDU", region=region,
        publication_month=published, fieldwork_start_date=fieldwork, lead_inspector=facts.inspector,
        isbn=facts.isbn, cases_inspected=facts.cases, practitioner_interviews=facts.interviews,
        overall_rating=overall, score=score, score_max=SCORE_MAX, ratings=ratings,
        key_questions=key_questions, recommendations=tuple(facts.recommendations),
        findings=dict(facts.findings), quotes=facts.quotes,
    )


def write_reports(folder: Path, n: int, seed: int = 0, damage: bool = False) -> list[Path]:
    """Write n reports with distinct report ids (seeds from `seed` up, skipping repeated ids)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    seen: set[str] = set()
    current = seed
    while len(paths) < n:
        report = generate_report(current, damage)
        current += 1
        if report.report_id in seen:
            continue
        seen.add(report.report_id)
        path = folder / report.file_name
        path.write_bytes(report.data)
        paths.append(path)
    return paths


class _Facts:
    """What the sections of one report share, drawn once."""

    def __init__(self, rng: random.Random, body: str, region: str, published: dt.date,
                 fieldwork: dt.date, overall: str, score: int, ratings: dict[str, str],
                 percentages: dict[tuple[str, int], float], outcomes: float) -> None:
        self.rng, self.body, self.region = rng, body, region
        self.published, self.fieldwork, self.overall, self.score = published, fieldwork, overall, score
        self.ratings, self.percentages, self.outcomes = ratings, percentages, outcomes
        self.inspector = person_name(rng)
        self.isbn = isbn13(rng)
        self.cases = rng.randrange(24, 80)
        self.interviews = rng.randrange(12, 45)
        self.recommendations: list[tuple[str, int]] = []
        self.findings: dict[tuple[str, str], int] = {}
        self.quotes = 0
        self.footnote = 0

    def sup(self) -> str:
        self.footnote += 1
        return superscript(self.footnote)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _fieldwork_start(rng: random.Random, published: dt.date) -> dt.date:
    month = _add_months(published, -rng.randrange(2, 5))
    monday = rng.randrange(1, 22)
    return month.replace(day=monday)


def _judged(rng: random.Random, quality: float) -> str:
    points = min(3, max(0, round(quality * 3 + rng.gauss(0, 0.6))))
    return next(r for r, p in POINTS.items() if p == points)


def _limit(ratings: dict[str, str]) -> None:
    """The inspectorate's limiting rule: while most domain-two standards are Inadequate, Leadership (1.1)
    and Services (1.3) are rated Requires improvement at best."""
    inadequate = sum(ratings[code] == "Inadequate" for code, *_ in DOMAIN_TWO)
    if 2 * inadequate > len(DOMAIN_TWO):
        for code in ("1.1", "1.3"):
            if POINTS[ratings[code]] > POINTS["Requires improvement"]:
                ratings[code] = "Requires improvement"


def _percentage(rng: random.Random, quality: float) -> float:
    return float(min(100, max(5, round(25 + quality * 75 + rng.gauss(0, 9)))))


def _front_matter(doc: _Doc, f: _Facts) -> None:
    rng = f.rng
    pages = sorted(rng.sample(range(3, 30), 7))
    contents = [("Foreword", pages[0]), ("Ratings", pages[1]), ("Recommendations", pages[2]),
                ("Background", pages[3]), ("1. Organisational delivery", pages[4]),
                ("2. Court work and case supervision", pages[5]), ("Annexe one – Web links", pages[6])]
    dots = rng.choice([".....", ""])
    doc.add("HM Inspectorate\nof Probation", "An inspection of probation services in:", f"{f.body} PDU",
            f"The Probation Service – {f.region} region",
            f"HM Inspectorate of Probation, {_month(f.published)}",
            "Contents", "\n".join(f"{name}{dots}\t{page}" for name, page in contents),
            "Acknowledgements", ACKNOWLEDGEMENT.format(inspector=f.inspector))
    doc.add(*ROLE, f"© Crown copyright {f.published.year}", *LICENCE)
    doc.add(f"ISBN{rng.choice([':', ''])} {f.isbn}", *PUBLISHER, "Foreword")
    for paragraph in foreword(rng, f.body, f.overall):
        doc.add(paragraph)
    doc.add("", "Justin Russell\nChief Inspector of Probation")


def _ratings_page(doc: _Doc, f: _Facts) -> None:
    doc.add("Ratings", f"{f.body} PDU", f"Fieldwork started {_month(f.fieldwork)}",
            f"Score **{f.score}/{SCORE_MAX}**", "Overall rating", f.overall, "", keep=True)
    for number, domain, standards in ((1, DOMAIN_ONE_NAME, DOMAIN_ONE),
                                      (2, DOMAIN_TWO_NAME, DOMAIN_TWO)):
        doc.add(f"{number}. {domain}", keep=True)
        for code, name, *_ in standards:
            doc.add(f"{code} {name}", f.ratings[code], "", keep=True)
    doc.blocks[-1:] = []
    doc.keep[-1:] = []


def _recommendations(doc: _Doc, f: _Facts) -> None:
    rng = f.rng
    doc.add("Recommendations", RECOMMENDATIONS_INTRO)
    groups = [(f"{f.body} PDU", rng.randrange(2, 7)), (f"{f.region} region", rng.randrange(1, 5)),
              (rng.choice(NATIONAL), rng.randrange(0, 4))]
    texts = rng.sample(RECOMMENDATION_TEXTS, sum(count for _, count in groups))
    number = 0
    for addressee, count in groups:
        if not count:
            continue
        lines = []
        for i in range(count):
            lines.append(f"{number + 1}. {texts[number]}{'.' if i == count - 1 else ''}")
            number += 1
        doc.add(f"{addressee} should:", "\n".join(lines))
        f.recommendations.append((addressee, count))


def _background(doc: _Doc, f: _Facts) -> None:
    rng = f.rng
    start = _add_months(f.fieldwork, -rng.randrange(6, 9)).replace(day=rng.randrange(1, 15))
    week_one = f"{_day(start)} – {_day(start + dt.timedelta(days=6))}"
    later = start + dt.timedelta(days=7 * rng.randrange(1, 4))
    week_two = f"{_day(later)} – {_day(later + dt.timedelta(days=6))}"
    where = rng.choice([f.body, f"{f.body} PDU"])
    on = rng.choice(["on ", ""])
    doc.add("Background", f"We conducted fieldwork in {where} over the period of a week, beginning {on}"
            f"{_day(f.fieldwork)}. We inspected {f.cases} cases where sentences and licences had commenced "
            f"between {week_one}, and {week_two}. We also conducted {f.interviews} interviews with "
            "probation practitioners.")
    for paragraph in background(rng, f.body, f.region):
        doc.add(paragraph)


def _findings(doc: _Doc, f: _Facts, section: str, strong: float) -> None:
    rng = f.rng
    for kind, heading, positive in (("strength", "Strengths:", True),
                                    ("improvement", "Areas for improvement:", False)):
        weight = strong if positive else 1 - strong
        count = max(1, min(9, round(1 + weight * 6 + rng.gauss(0, 1))))
        bullets = [f"- {finding(rng, positive)}" for _ in range(count)]
        if rng.random() < 0.2:
            bullets.insert(0, " ")
        if count > 2 and rng.random() < 0.25:
            bullets.insert(rng.randrange(2, count), "")
        doc.add(heading, "\n".join(bullets))
        f.findings[(section, kind)] = count


def _domain_one(doc: _Doc, f: _Facts) -> None:
    rng = f.rng
    doc.add(f"1. {DOMAIN_ONE_NAME}")
    for code, name, statement in DOMAIN_ONE:
        rating = f.ratings[code]
        doc.add(f"{code}. {name}", "", keep=True)
        doc.add(statement, keep=True)
        doc.add(rating)
        if rng.random() < 0.8:
            doc.add(judgement(rng, name, rating))
        _findings(doc, f, name, POINTS[rating] / 3)
        if code == "1.3" and rng.random() < 0.6:
            doc.add("Resettlement work", resettlement(rng))
            _findings(doc, f, "Resettlement work", rng.random())
    doc.add("Feedback from people on probation", feedback_intro(rng))
    for _ in range(rng.randrange(2, 6)):
        doc.add(f"- {finding(rng, rng.random() < 0.5)}")
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            doc.add(f"“{quote(rng)}”")
            f.quotes += 1
    doc.add("Diversity and inclusion")
    _findings(doc, f, "Diversity and inclusion", rng.random())


def _domain_two(doc: _Doc, f: _Facts) -> None:
    rng = f.rng
    doc.add(f"2. {DOMAIN_TWO_NAME}")
    for code, name, statement, questions in DOMAIN_TWO:
        rating = f.ratings[code]
        dot = "." if code != "2.1" or rng.random() < 0.5 else ""
        doc.add(f"{code}{dot} {name}", "", keep=True)
        if code == "2.4":
            doc.add(f"{statement} **{rating}**")
        else:
            doc.add(statement, keep=True)
            doc.add(rating)
        mark = f.sup()
        against = "the key question" if len(questions) == 1 else f"{NUMBERS[len(questions)]} key questions"
        doc.add(f"Our rating{mark} for {name.lower()} is based on the percentage of cases we inspected being "
                f"judged satisfactory against {against}:")
        rows = [f"{q}\t{f.percentages[(code, i + 1)]:.0f}%" for i, q in enumerate(questions)]
        doc.add("\n".join(["Key question\tPercentage 'Yes'", *rows]))
        if len(questions) > 1:
            lowest = min(f.percentages[(code, i + 1)] for i in range(len(questions)))
            doc.add(f"{f.body} PDU is rated as '{rating}' for {name.lower()} as the lowest score out of the "
                    f"{NUMBERS[len(questions)]} key questions was {lowest:.0f} per cent.")
        _findings(doc, f, name, POINTS[rating] / 3)
        doc.add(f"{mark} {FOOTNOTE_ONE if len(questions) == 1 else FOOTNOTE_LOWEST}")
    doc.add("2.6. Outcomes", OUTCOMES_STATEMENT, OUTCOMES_UNRATED,
            f"Outcomes\tPercentage 'Yes'\n{OUTCOMES_QUESTION}\t{f.outcomes:.0f}%")
    _findings(doc, f, "Outcomes", f.outcomes / 100)



# --- conversion damage ----------------------------------------------------------------------------------

_RATING_LINE = re.compile(r"^(Outstanding|Good|Requires improvement|Inadequate)$")
_STANDARD_LINE = re.compile(r"^[12]\.\d [A-Z][a-z ]+$")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _damage(seed: int, doc: _Doc, f: _Facts) -> tuple[str, str]:
    """Conversion damage that must not change what is extracted: ratings on the standard's line, broken
    rating words, bold markers, running headers with page numbers, plain footnote digits, curly quotes,
    CRLF line ends, Windows-1252 bytes. Drawn from its own generator so the facts stay those of the seed."""
    rng = random.Random(f"damage-{seed}")
    pairs = list(zip(doc.blocks, doc.keep, strict=True))
    merged: list[tuple[str, bool]] = []
    for block, keep in pairs:
        if (_RATING_LINE.match(block) and merged and _STANDARD_LINE.match(merged[-1][0])
                and rng.random() < 0.3):
            merged[-1] = (f"{merged[-1][0]}{rng.choice([' ', chr(9)])}{block}", keep)
            continue
        if _RATING_LINE.match(block):
            block = _broken(rng, block)
        merged.append((block, keep))
    out: list[str] = []
    page = rng.randrange(2, 4)
    header = f"Inspection of probation services: {f.body} PDU"
    for block, keep in merged:
        out.append(block)
        if not keep and block and rng.random() < 0.06:
            out.append(f"{page}\n\n{header}")
            page += 1
    text = "\n\n\n\n" + "\n\n".join(out) + "\n"
    if rng.random() < 0.4:
        text = text.translate({ord(c): str(i) for i, c in enumerate(_SUPERSCRIPTS)})
    if rng.random() < 0.6:
        text = _curly(text)
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    encoding = "utf-8"
    if rng.random() < 0.5:
        try:
            text.encode("cp1252")
            encoding = "cp1252"
        except UnicodeEncodeError:
            pass
    return text, encoding


def _broken(rng: random.Random, rating: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        cut = rng.randrange(2, len(rating) - 1)
        if " " not in rating[cut - 1:cut + 1]:
            return f"{rating[:cut]} {rating[cut:]}"
    elif roll < 0.4:
        return f"**{rating}**"
    return rating


def _curly(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r"'(?=\w)", "‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'"(?=\w)', "“", text)
    return text.replace('"', "”")


def superscript(n: int) -> str:
    return "".join(_SUPERSCRIPTS[int(d)] for d in str(n))


# --- vocabulary: the framework's fixed wording, and invented material to vary the rest -----------------

DOMAIN_ONE_NAME = "Organisational delivery"
DOMAIN_TWO_NAME = "Court work and case supervision"
_FOR_ALL = "high-quality, personalised and responsive service for all people on probation."
DOMAIN_ONE = (
    ("1.1", "Leadership", f"The leadership of the PDU enables delivery of a {_FOR_ALL}"),
    ("1.2", "Staff", f"Staff are enabled to deliver a {_FOR_ALL}"),
    ("1.3", "Services", "A comprehensive range of high-quality services is in place, supporting a tailored "
     "and responsive service for all people on probation."),
    ("1.4", "Information and facilities", "Timely and relevant information is available and appropriate "
     "facilities are in place to support a high-quality, personalised and responsive approach for all "
     "people on probation."),
)
_INVOLVING = "actively involving the person on probation."


def _three(verb: str, middle: str) -> tuple[str, str, str]:
    return (f"Does {verb} focus sufficiently on {middle[0]}?", f"Does {verb} focus sufficiently on "
            f"{middle[1]}?", f"Does {verb} focus sufficiently on keeping other people safe?")


DOMAIN_TWO = (
    ("2.1", "Court work", "The pre-sentence information and advice provided to court supports its "
     "decision-making.", ("Is the pre-sentence information and advice provided to court sufficiently "
                          "analytical and personalised to the individual, supporting the court's "
                          "decision-making?",)),
    ("2.2", "Assessment", f"Assessment is well-informed, analytical and personalised, {_INVOLVING}",
     _three("assessment", ("engaging the person on probation",
                           "the factors linked to offending and desistance"))),
    ("2.3", "Planning", f"Planning is well-informed, holistic and personalised, {_INVOLVING}",
     _three("planning", ("engaging the person on probation",
                         "reducing reoffending and supporting desistance"))),
    ("2.4", "Implementation and delivery", "High-quality well-focused, personalised and coordinated services "
     "are delivered, engaging the person on probation.",
     ("Is the sentence or post-custody period implemented effectively with a focus on engaging the person "
      "on probation?", "Does the implementation and delivery of services effectively support desistance?",
      "Does the implementation and delivery of services effectively support the safety of other people?")),
    ("2.5", "Reviewing", f"Reviewing of progress is well-informed, analytical and personalised, {_INVOLVING}",
     _three("reviewing", ("supporting the compliance and engagement of the person on probation",
                          "supporting desistance"))),
)
OUTCOMES_STATEMENT = ("Early outcomes are positive, demonstrating reasonable progress for the person on "
                      "probation.")
OUTCOMES_UNRATED = ("We do not currently rate the Outcomes standard, but provide this data for information "
                    "and benchmarking purposes only.")
OUTCOMES_QUESTION = ("Do early outcomes demonstrate that reasonable progress has been made, in line with the "
                     "personalised needs of the person on probation?")
_WORKBOOK = ("[Full data and further information about inspection methodology is available in the data "
             "workbook for this inspection on our website.](#)")
FOOTNOTE_ONE = ("The rating for the standard is driven by the score for the key question, which is placed "
                f"in a rating band. {_WORKBOOK}")
FOOTNOTE_LOWEST = ("The rating for the standard is driven by the lowest score on each of the key questions, "
                   f"which is placed in a rating band, indicated in bold in the table. {_WORKBOOK}")
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}
ACKNOWLEDGEMENT = (
    "This inspection was led by HM Inspector {inspector}, supported by a team of inspectors and colleagues "
    "from across the Inspectorate. We would like to thank all those who participated in any way in this "
    "inspection. Without their help and cooperation, the inspection would not have been possible.")
ROLE = (
    "The role of HM Inspectorate of Probation",
    "HM Inspectorate of Probation is the independent inspector of youth offending and probation services in "
    "England and Wales. We report on the effectiveness of probation and youth offending service work with "
    "adults and children.",
    "We inspect these services and publish inspection reports. We highlight good and poor practice, and use "
    "our data and information to encourage high-quality services. We are independent of government, and "
    "speak independently.",
    "Please note that throughout the report the names in the practice examples have been changed to protect "
    "the individual's identity.",
)
LICENCE = (
    "You may re-use this information (excluding logos) free of charge in any format or medium, under the "
    "terms of the Open Government Licence. To view this licence, visit "
    "www.nationalarchives.gov.uk/doc/open-government-licence or email psi@nationalarchives.gsi.gov.uk.",
    "This publication is available for download at: www.justiceinspectorates.gov.uk/hmiprobation",
)
PUBLISHER = (
    "Published by:",
    "HM Inspectorate of Probation\n1st Floor Civil Justice Centre\n1 Bridge Street West\nManchester\nM3 3FX",
    "Follow us on Twitter\n[@hmiprobation](https://twitter.com/hmiprobation)",
)
RECOMMENDATIONS_INTRO = (
    "As a result of our inspection findings we have made a number of recommendations that we believe, if "
    "implemented, will have a positive impact on the quality of probation services.")
ANNEXE = ("Full data from this inspection and further information about the methodology used to conduct "
          "this inspection is available [on our website](#).")
RECOMMENDATION_TEXTS = (
    "strengthen management oversight so that work to keep other people safe is assessed and planned for",
    "make sure that information from children's social care services informs every assessment",
    "improve the quality of contingency planning where risk of harm may escalate",
    "monitor the experience of people on probation with protected characteristics",
    "reduce waiting times for accredited programmes",
    "provide enough unpaid work placements for people to start and complete their hours",
    "help people on probation to understand and use the complaints process",
    "make sure practitioners review plans when circumstances change",
    "maintain the support given to newly qualified officers and trainees",
    "improve the sharing of domestic abuse information between the police and the PDU",
    "ensure workloads allow practitioners to spend enough time with people on probation",
    "give sentencers clear information about the interventions available locally",
    "develop the involvement of people on probation in the design of services",
    "ensure that middle managers have the capacity to provide effective oversight",
)
NATIONAL = ("HM Prison and Probation Service", "The Probation Service")
REGIONS = ("North West", "North East", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "Kent, Surrey and Sussex", "South West", "South Central", "Wales")
_PREFIXES = ("Ash", "Brack", "Cold", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivel", "Kings", "Lang", "Mar",
             "Nor", "Oak", "Pen", "Quarr", "Red", "Stan", "Thorn", "Ulver", "Ven", "Wex", "Yar", "Alder",
             "Bram", "Cres", "Dray", "Eas", "Fair", "Gold", "Holm", "Ire", "Kel", "Lowe", "Mill", "Orm",
             "Pike", "Rook", "Sel", "Tal")
_SUFFIXES = ("ford", "bury", "ley", "wick", "ham", "ton", "mouth", "field", "borough", "stead", "wood",
             "dale", "combe", "minster", "bridge", "haven", "caster", "by", "worth", "thorpe")
_FIRST = ("Amira", "Ben", "Carys", "Daniel", "Eleanor", "Farid", "Gemma", "Harjit", "Imogen", "Jonah",
          "Kirsty", "Leon", "Maya", "Niall", "Olwen", "Priya", "Rhys", "Saoirse", "Tomasz", "Una", "Victor",
          "Wendy", "Yusuf", "Zara")
_LAST = ("Abbott", "Bainbridge", "Chaudhry", "Dempsey", "Ellery", "Fairbairn", "Gillespie", "Hollins",
         "Iqbal", "Jarrett", "Kavanagh", "Lindqvist", "Mensah", "Nakamura", "Osei", "Penhaligon", "Quayle",
         "Rowntree", "Sutcliffe", "Trevithick", "Underhill", "Varga", "Whitlock", "Yeoman")


def body_name(rng: random.Random) -> str:
    name = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
    roll = rng.random()
    if roll < 0.12:
        return f"{name} and {rng.choice(_PREFIXES)}{rng.choice(_SUFFIXES)}"
    if roll < 0.2:
        return f"{rng.choice(('North', 'South', 'East', 'West', 'Central'))} {name}"
    return name


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


_SUBJECTS = ("Probation practitioners", "Managers", "The leadership team", "Staff", "Senior leaders",
             "Case administrators", "Middle managers", "Partnership arrangements", "Newly qualified officers",
             "Senior probation officers", "Court staff", "Trainee probation officers")
_GOOD = ("had developed strong links with {partner}", "were visible, approachable and well respected",
         "made effective use of information from {partner}", "understood the needs of people on probation",
         "worked flexibly to keep people on probation engaged", "shared learning across teams",
         "supported desistance through well-sequenced interventions",
         "responded quickly to changes in risk of harm", "made referrals to {partner} promptly")
_BAD = ("did not consistently share information with {partner}", "lacked the capacity to give enough "
        "oversight", "did not always analyse the risk of harm to others", "missed opportunities to involve "
        "{partner}", "were not yet monitoring the experience of people with protected characteristics",
        "did not review plans when circumstances changed", "relied too heavily on telephone contact",
        "were carrying workloads above the recommended level")
_PARTNERS = ("the local authority", "the police", "children's social care services", "health providers",
             "the youth justice service", "accommodation providers", "substance misuse services",
             "the women's centre")
_TAILS = ("", " in most of the cases we inspected", " in {a} of the {b} relevant cases",
          ", which was reflected in our case sample", ", as staff told us in meetings",
          " during the period of the inspection", " in {p} per cent of cases")

_ELABORATIONS = (
    "This was {verdict} given the size of the caseload.",
    "Staff we spoke to described the arrangements with {partner} as consistent and well understood.",
    "In {n} cases the information gathered was not used to inform the plan of work.",
    "The PDU's own audit had reached a similar conclusion, and an action plan was in place.",
    "Recent data showed that {p} per cent of referrals had been accepted within the expected timescale.",
    "Managers recognised this and had begun to address it through team meetings and case audits.",
    "We saw examples where practice had been adapted to take account of the individual's circumstances.",
    "Practitioners told us that high workloads limited the time they could give to this work.",
    "Joint work with {partner} had improved since unification, although it was not yet consistent.",
)


def finding(rng: random.Random, positive: bool) -> str:
    b = rng.randrange(8, 24)  # never more relevant cases than the fewest a report inspects (24)
    predicate = rng.choice(_GOOD if positive else _BAD).format(partner=rng.choice(_PARTNERS))
    tail = rng.choice(_TAILS).format(a=rng.randrange(1, b), b=b, p=rng.randrange(5, 96))
    sentences = [f"{rng.choice(_SUBJECTS)} {predicate}{tail}."]
    for elaboration in rng.sample(_ELABORATIONS, rng.choice((0, 1, 1, 2, 2, 3))):
        sentences.append(elaboration.format(
            verdict="a clear strength" if positive else "a concern", partner=rng.choice(_PARTNERS),
            n=rng.randrange(2, 20), p=rng.randrange(5, 96)))
    return " ".join(sentences)


def judgement(rng: random.Random, name: str, rating: str) -> str:
    opening = rng.choice(("In this inspection, the evidence we gathered in meetings and focus groups",
                          "Taking account of the domain two findings, the strengths we saw",
                          "Despite pressures on staffing, the progress we found"))
    return f"{opening} supported a rating for {name.lower()} of '{rating}'."


def foreword(rng: random.Random, body: str, overall: str) -> list[str]:
    first = rng.choice((f"We have rated {body} Probation Delivery Unit (PDU) as '{overall}'.",
                        f"Consequently, the {body} Probation Delivery Unit (PDU) has been given an overall "
                        f"rating of '{overall}'."))
    paragraphs = [f"{first} {finding(rng, True)} {finding(rng, False)}"]
    for _ in range(rng.randrange(2, 5)):
        paragraphs.append(" ".join(finding(rng, rng.random() < 0.5) for _ in range(rng.randrange(2, 4))))
    return paragraphs


def background(rng: random.Random, body: str, region: str) -> list[str]:
    population = rng.randrange(90, 400)
    return [
        f"{body} is one of {rng.randrange(4, 12)} PDUs in the {region} region of The Probation Service. It "
        f"serves a population of about {population},{rng.randrange(100, 999)} and manages a caseload of "
        f"{rng.randrange(700, 2500):,} people on probation.",
        f"The staffing target of the PDU was {rng.randrange(30, 90)} full-time equivalent posts, with a "
        f"vacancy rate of {rng.randrange(3, 45)} per cent at the time of the inspection. "
        + finding(rng, rng.random() < 0.5),
    ][: rng.randrange(1, 3)]


def resettlement(rng: random.Random) -> str:
    prison = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
    others = rng.randrange(1, 4)
    return (f"HM Prison (HMP) {prison} is in the PDU's area; resettlement cases also came from "
            f"{NUMBERS[others]} other prison{'s' if others > 1 else ''} nearby.")


def feedback_intro(rng: random.Random) -> str:
    contacted = rng.randrange(20, 90)
    return (f"User Voice, working with HM Inspectorate of Probation, contacted {contacted} people on "
            "probation as part of this inspection.")


_QUOTE_STARTS = ("My officer listens to me", "I was referred to a housing worker straight away",
                 "Nobody explained what my licence meant", "The groups helped me understand my temper",
                 "I never see the same person twice", "They helped me get back into work",
                 "Getting here costs me more than I can afford", "I felt judged when I first came in")
_QUOTE_ENDS = ("and that makes a difference.", "but it took months to happen.", "so I keep coming.",
               "and I still don't know who to ask.", "which has changed things for me.",
               "and I have told them that.")


def quote(rng: random.Random) -> str:
    return f"{rng.choice(_QUOTE_STARTS)} {rng.choice(_QUOTE_ENDS)}"
