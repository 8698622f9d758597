"""A synthetic but realistic news corpus for the benchmarks: diplomacy and everything around it.

Articles are built from templates with a seeded random generator, so every run reads the same
corpus. They cover many countries of every region, offices, modes (visits, phone and video calls,
summit sidelines), agreements, aid, future and domestic meetings (which are not events) and
articles with no event at all, in lengths of 300-1,200 words, with the boilerplate of real news
sites: menus, datelines, bylines, captions, share bars, newsletter boxes and teaser sections.
About a quarter are HTML pages. `mentions` builds the synthetic Mention set of the merge benchmark.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from entente.types import Actor, Mention, Place, Source


@dataclass(frozen=True)
class Country:
    """A country of the corpus. Fields: name, demonym, capital, iso3, given and family names."""

    name: str
    demonym: str
    capital: str
    iso3: str
    given: tuple[str, ...]
    family: tuple[str, ...]


def _c(name: str, demonym: str, capital: str, iso3: str, given: str, family: str) -> Country:
    """A Country from space-separated name lists."""
    return Country(name, demonym, capital, iso3, tuple(given.split()), tuple(family.split()))


COUNTRIES = (
    _c("Vietnam", "Vietnamese", "Hanoi", "VNM",
       "Minh Son Hai Lan Hoa Tuan",
       "Nguyen Tran Pham Bui Do Le"),
    _c("Japan", "Japanese", "Tokyo", "JPN",
       "Kenji Yoko Hiroshi Takeshi Emi Daisuke",
       "Tanaka Sato Asakura Mori Ueda Kondo"),
    _c("Indonesia", "Indonesian", "Jakarta", "IDN",
       "Retno Budi Siti Agus Dewi Joko",
       "Santoso Wibowo Hidayat Ramadhan Putri Kusuma"),
    _c("Australia", "Australian", "Canberra", "AUS",
       "Helen Mark Sarah James Penny Richard",
       "Thornbury Whitfield Lawson Gray Marsh Doyle"),
    _c("India", "Indian", "New Delhi", "IND",
       "Rajesh Priya Anil Sunita Vikram Meera",
       "Sharma Iyer Menon Reddy Kapoor Nair"),
    _c("Kenya", "Kenyan", "Nairobi", "KEN",
       "Amina Wanjiru Otieno Kamau Achieng Mwangi",
       "Odhiambo Kiprop Njoroge Mutua Wekesa Chebet"),
    _c("Nigeria", "Nigerian", "Abuja", "NGA",
       "Chinedu Aisha Emeka Ngozi Bola Yusuf",
       "Okafor Bello Adeyemi Eze Ibrahim Okonkwo"),
    _c("Ghana", "Ghanaian", "Accra", "GHA",
       "Kwame Ama Kofi Akosua Yaw Efua",
       "Mensah Boateng Owusu Asante Darko Appiah"),
    _c("Brazil", "Brazilian", "Brasilia", "BRA",
       "Joao Ana Carlos Beatriz Rafael Luiza",
       "Silva Souza Costa Pereira Almeida Ribeiro"),
    _c("Argentina", "Argentine", "Buenos Aires", "ARG",
       "Martin Sofia Diego Valeria Pablo Lucia",
       "Gonzalez Fernandez Romero Alvarez Torres Sosa"),
    _c("Chile", "Chilean", "Santiago", "CHL",
       "Camila Felipe Javiera Matias Catalina Tomas",
       "Munoz Rojas Contreras Vergara Fuentes Araya"),
    _c("Mexico", "Mexican", "Mexico City", "MEX",
       "Alejandro Mariana Jorge Daniela Ricardo Paola",
       "Hernandez Lopez Ramirez Flores Cruz Morales"),
    _c("Canada", "Canadian", "Ottawa", "CAN",
       "Emily Liam Chloe Noah Claire Ethan",
       "Tremblay Martin Roy Gagnon Campbell MacLeod"),
    _c("Germany", "German", "Berlin", "DEU",
       "Annalena Olaf Katrin Jonas Ursula Markus",
       "Schneider Fischer Weber Becker Hoffmann Wagner"),
    _c("France", "French", "Paris", "FRA",
       "Camille Julien Claire Antoine Helene Nicolas",
       "Dubois Moreau Laurent Girard Lefevre Mercier"),
    _c("Poland", "Polish", "Warsaw", "POL",
       "Piotr Anna Tomasz Katarzyna Marek Agnieszka",
       "Nowak Kowalski Wisniewski Wojcik Kaminski Zielinski"),
    _c("Greece", "Greek", "Athens", "GRC",
       "Nikos Maria Giorgos Eleni Dimitris Sofia",
       "Papadopoulos Georgiou Nikolaou Dimitriou Vlachos Karras"),
    _c("Turkey", "Turkish", "Ankara", "TUR",
       "Mehmet Ayse Mustafa Elif Hakan Zeynep",
       "Yilmaz Kaya Demir Sahin Celik Ozturk"),
    _c("Egypt", "Egyptian", "Cairo", "EGY",
       "Ahmed Mona Karim Yasmin Tarek Nour",
       "Hassan Mahmoud Farouk Saleh Mansour Naguib"),
    _c("Jordan", "Jordanian", "Amman", "JOR",
       "Ayman Rania Omar Lina Khaled Dana",
       "Haddad Khoury Nasser Qasem Masri Tamimi"),
    _c("Saudi Arabia", "Saudi", "Riyadh", "SAU",
       "Faisal Abdullah Khalid Turki Saud Nawaf",
       "Al-Rashid Al-Otaibi Al-Harbi Al-Qahtani Al-Dossari Al-Shehri"),
    _c("South Africa", "South African", "Pretoria", "ZAF",
       "Thabo Naledi Sipho Lerato Pieter Zanele",
       "Dlamini Nkosi Mokoena Naidoo van Wyk Khumalo"),
    _c("Ethiopia", "Ethiopian", "Addis Ababa", "ETH",
       "Dawit Hirut Abebe Meron Tesfaye Selam",
       "Alemu Bekele Tadesse Girma Haile Worku"),
    _c("Philippines", "Philippine", "Manila", "PHL",
       "Maria Jose Teresa Ramon Cristina Miguel",
       "Santos Reyes Villanueva Salonga Bautista Aquino"),
    _c("Malaysia", "Malaysian", "Kuala Lumpur", "MYS",
       "Hisham Aziz Nurul Farid Siti Azmi",
       "Zakaria Ismail Rahman Hamzah Yusof Abdullah"),
    _c("Singapore", "Singaporean", "Singapore", "SGP",
       "Eugene Grace Wei Ming Lawrence Mei",
       "Tan Lim Ng Teo Goh Chua"),
    _c("Thailand", "Thai", "Bangkok", "THA",
       "Somchai Suda Anan Preeya Kittisak Malee",
       "Srisuk Chaiyaporn Wongsa Rattanakorn Boonmee Thongchai"),
    _c("South Korea", "South Korean", "Seoul", "KOR",
       "Seung-woo Ji-yeon Min-ho Hye-jin Dong-hyun Soo-ah",
       "Han Kim Park Choi Jung Kang"),
    _c("China", "Chinese", "Beijing", "CHN",
       "Wei Jing Lei Hua Ming Yan",
       "Wang Li Zhang Liu Chen Zhao"),
    _c("United Kingdom", "British", "London", "GBR",
       "David Rachel Oliver Emma Thomas Harriet",
       "Hughes Bennett Clarke Fletcher Walsh Spencer"),
    _c("Ireland", "Irish", "Dublin", "IRL",
       "Ciaran Aoife Sean Niamh Eamon Siobhan",
       "Murphy Kelly Byrne Ryan O'Brien Doyle"),
    _c("Norway", "Norwegian", "Oslo", "NOR",
       "Espen Ingrid Lars Kari Jonas Silje",
       "Hansen Johansen Olsen Larsen Berg Haugen"),
    _c("Morocco", "Moroccan", "Rabat", "MAR",
       "Nasser Salma Youssef Amal Rachid Imane",
       "Bourita Benali Alaoui Tazi Idrissi Berrada"),
    _c("Senegal", "Senegalese", "Dakar", "SEN",
       "Aissatou Moussa Fatou Cheikh Awa Mamadou",
       "Diop Ndiaye Fall Sow Ba Sarr"),
    _c("Peru", "Peruvian", "Lima", "PER",
       "Luis Rosa Cesar Gabriela Jaime Milagros",
       "Quispe Huaman Vargas Chavez Mendoza Salazar"),
    _c("Colombia", "Colombian", "Bogota", "COL",
       "Andres Natalia Juan Carolina Sergio Laura",
       "Rodriguez Gomez Martinez Castro Ortiz Rincon"),
    _c("New Zealand", "New Zealand", "Wellington", "NZL",
       "Winston Jacinda Grant Nanaia Chris Erica",
       "Peters Mahuta Robertson Hipkins Stanford Walker"),
    _c("Fiji", "Fijian", "Suva", "FJI",
       "Sitiveni Litia Ratu Mereani Jone Salote",
       "Rabuka Tikoduadua Kamikamica Nalatu Seruiratu Vosarogo"),
    _c("Uzbekistan", "Uzbek", "Tashkent", "UZB",
       "Bakhtiyor Dilnoza Sardor Malika Jasur Nodira",
       "Saidov Karimov Rashidov Yusupov Tashkentov Alimov"),
    _c("Kazakhstan", "Kazakh", "Astana", "KAZ",
       "Murat Aigerim Yerlan Dana Nurlan Saule",
       "Nurtleu Tokayev Abenov Zhaksybekov Seitkali Omarov"),
    _c("Bangladesh", "Bangladeshi", "Dhaka", "BGD",
       "Hasan Farhana Tanvir Nusrat Rezaul Sharmin",
       "Mahmud Chowdhury Rahman Hossain Islam Ahmed"),
    _c("Tanzania", "Tanzanian", "Dodoma", "TZA",
       "January Neema Baraka Rehema Juma Zawadi",
       "Makamba Mwinyi Kikwete Mrema Msuya Lyimo"),
)

OFFICES = (
    ("Foreign Minister", 5), ("Prime Minister", 3), ("President", 3), ("Defence Minister", 2),
    ("Trade Minister", 2), ("Deputy Prime Minister", 1), ("Minister of Foreign Affairs", 2),
)
SUMMITS = (
    ("ASEAN Summit", "Jakarta"), ("G20 summit", "New Delhi"), ("UN General Assembly", "New York"),
    ("African Union summit", "Addis Ababa"), ("APEC meetings", "Lima"),
    ("Commonwealth Heads of Government Meeting", "Kigali"),
    ("East Asia Summit", "Vientiane"), ("Munich Security Conference", "Munich"), ("BRICS summit", "Kazan"),
)
TOPICS = (
    "trade and investment", "maritime security", "climate change", "critical minerals", "food security",
    "vaccine production", "renewable energy", "education and student exchanges", "counter-terrorism",
    "digital economy", "infrastructure financing", "labour migration", "tourism", "defence industry cooperation",
)
AGREEMENTS = (
    "a memorandum of understanding on {t}", "an agreement on the avoidance of double taxation",
    "a joint statement on a comprehensive strategic partnership", "an action plan on {t} for 2025-2027",
    "a letter of intent on {t}", "an exchange of notes on a grant for a new hospital",
)
SECTORS = ("electronics", "textiles", "rice", "coffee", "crude oil", "steel", "fertiliser", "machinery",
           "seafood", "automobiles", "pharmaceuticals", "timber", "cocoa", "copper", "natural gas")
OUTLETS = (
    ("Asia Current", "asiacurrent.example"), ("The Harbour Post", "harbourpost.example"),
    ("Continental Daily", "continentaldaily.example"), ("Meridian Wire", "meridianwire.example"),
    ("The Southern Observer", "southernobserver.example"), ("Capital Tribune", "capitaltribune.example"),
    ("Global Affairs Review", "globalaffairs.example"), ("Island Times", "islandtimes.example"),
)
MENUS = (
    "Home | World | Politics | Business | Sport | Culture | Opinion",
    "News  Politics  Economy  World  Video  Podcasts  Newsletters",
    "Markets | Economy | Companies | Property | Personal Finance",
    "Diplomacy Defence Trade Regions Data Photo",
    "ASEAN Summit 2023 Covid-19 Pandemic Green Transition Election 2024 Energy Crisis Food Prices",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def person(rng: random.Random, country: Country) -> str:
    """A plausible full name of a country's official."""
    return f"{rng.choice(country.given)} {rng.choice(country.family)}"


def office(rng: random.Random) -> str:
    """An office, weighted towards foreign ministers."""
    return rng.choices([o for o, _ in OFFICES], [w for _, w in OFFICES])[0]


@dataclass(frozen=True)
class Story:
    """What an article is about. Fields: kind, two countries, names and offices, event day,
    publication day, place, summit, topic."""

    kind: str
    a: Country
    b: Country
    name_a: str
    name_b: str
    office_a: str
    office_b: str
    day: date
    published: date
    place: str
    summit: str
    topic: str


def story(rng: random.Random, kind: str) -> Story:
    """A random story of one kind."""
    a, b = rng.sample(COUNTRIES, 2)
    published = date(2018, 1, 1) + timedelta(days=rng.randrange(2900))
    day = published - timedelta(days=rng.choice((0, 1, 1, 1, 2, 3, 5)))
    summit, summit_city = rng.choice(SUMMITS)
    place = summit_city if kind == "sidelines" else rng.choice((a.capital, b.capital))
    same = rng.random() < 0.6
    office_a = office(rng)
    return Story(kind, a, b, person(rng, a), person(rng, b), office_a, office_a if same else office(rng),
                 day, published, place, summit, rng.choice(TOPICS))


def when(rng: random.Random, s: Story) -> str:
    """How the article dates the event: weekday, month and day, day and month, or 'yesterday'."""
    gap = (s.published - s.day).days
    forms = [f"on {WEEKDAYS[s.day.weekday()]}", f"on {s.day:%B} {s.day.day}", f"on {s.day.day} {s.day:%B}"]
    if gap == 1:
        forms.append("yesterday")
    if gap == 0:
        forms.append("today")
    return rng.choice(forms)


def lede(rng: random.Random, s: Story) -> str:
    """The first paragraph: who met whom, how, where and when."""
    a = f"{s.a.demonym} {s.office_a} {s.name_a}"
    b = f"{s.b.demonym} {s.office_b} {s.name_b}" if rng.random() < 0.6 else f"his {s.b.demonym} counterpart {s.name_b}"
    t = when(rng, s)
    return {
        "visit": rng.choice((f"{a} met {b} in {s.place} {t}, during a two-day official visit aimed at deepening "
                             f"cooperation in {s.topic}.",
                             f"{a} held talks with {b} in {s.place} {t} as the two countries marked the "
                             f"anniversary of diplomatic relations.")),
        "phone": f"{a} held a phone call with {b} {t}, the two sides said in separate statements, "
                 f"discussing {s.topic} and regional developments.",
        "video": f"{a} and {b} held talks via video conference {t}, agreeing to speed up work on {s.topic}.",
        "sidelines": f"{a} met {b} on the sidelines of the {s.summit} in {s.place} {t}, their first meeting "
                     f"since taking office.",
        "aid": f"{s.a.name} has sent humanitarian aid to {s.b.name} after floods displaced tens of thousands "
               f"of people, the {s.a.demonym} foreign ministry said {t}.",
        "future": f"{a} will visit {s.b.capital} next week for talks with {b}, officials said {t}.",
        "domestic": f"{s.office_a} {s.name_a} met provincial governors in {s.a.capital} {t} to discuss "
                    f"the budget for the coming year.",
    }.get(s.kind, "")


def title(rng: random.Random, s: Story) -> str:
    """A headline for the story."""
    return {
        "visit": f"{s.a.name}, {s.b.name} agree to deepen cooperation in {s.topic}",
        "phone": f"{s.a.demonym}, {s.b.demonym} ministers discuss {s.topic} by phone",
        "video": f"{s.a.name} and {s.b.name} hold virtual talks on {s.topic}",
        "sidelines": f"{s.a.demonym} and {s.b.demonym} leaders meet at {s.summit}",
        "aid": f"{s.a.name} sends relief supplies to flood-hit {s.b.name}",
        "future": f"{s.a.demonym} minister to visit {s.b.name} next week",
        "domestic": f"{s.a.name} sets out spending plans for the regions",
    }.get(s.kind) or rng.choice((
        f"{s.a.demonym} exports rise as {rng.choice(SECTORS)} demand recovers",
        f"Heatwave grips {s.a.capital} as power demand hits a record",
        f"{s.a.name} central bank holds rates steady",
        f"Festival season draws crowds to {s.a.capital}",
        f"{s.a.name} beat {s.b.name} in World Cup qualifier"))


def body_sentences(rng: random.Random, s: Story) -> list[str]:
    """Event-related sentences that follow the lede: quotes, agreements, background."""
    short_a, short_b = s.name_a.split()[-1], s.name_b.split()[-1]
    year = s.published.year
    pool = [
        f"The two {'ministers' if 'Minister' in s.office_a else 'leaders'} agreed to expand cooperation in "
        f"{rng.choice(TOPICS)} and {rng.choice(TOPICS)}.",
        f"{short_a} said {s.a.name} regarded {s.b.name} as a key partner in the region.",
        f"\"We have a great deal to do together,\" {short_b} told reporters after the meeting.",
        f"Mr {short_a} thanked {s.b.name} for its support during the pandemic.",
        f"{short_b} briefed his counterpart on the situation in the region and on the preparations for the "
        f"{rng.choice(SUMMITS)[0]}.",
        f"The two sides signed {rng.choice(AGREEMENTS).format(t=rng.choice(TOPICS))}.",
        f"They also agreed to set up a working group on {rng.choice(TOPICS)} that will report within six months.",
        f"The leaders last met in {year - rng.randint(1, 4)} in {rng.choice((s.a.capital, s.b.capital))}.",
        f"{s.a.demonym} officials said the talks had been \"frank and constructive\".",
        f"{short_a} invited {short_b} to visit {s.a.name} at a convenient time, and the invitation was accepted.",
        f"The two countries established diplomatic relations in {rng.randint(1949, 1995)}.",
        f"Earlier in the day, {short_a} laid a wreath at a war memorial in {s.place}.",
        f"The ministers discussed the South China Sea, Myanmar and the war in Ukraine, according to a readout "
        f"released by the {s.b.demonym} foreign ministry.",
    ]
    return rng.sample(pool, rng.randint(4, len(pool)))


def filler_sentence(rng: random.Random, s: Story) -> str:
    """A sentence of context: trade figures, economy, history, society."""
    c, d = rng.choice((s.a, s.b)), rng.choice(COUNTRIES)
    n, pct, sector = rng.randint(2, 90), rng.randint(2, 40), rng.choice(SECTORS)
    return rng.choice((
        f"Two-way trade reached {n} billion US dollars last year, with {sector} and {rng.choice(SECTORS)} "
        f"making up the largest share.",
        f"{c.demonym} exports of {sector} rose {pct} per cent in the first half of the year, according to "
        f"figures from the statistics office.",
        f"Investment from {d.name} has grown steadily over the past decade, particularly in manufacturing "
        f"and logistics.",
        "Economists said higher shipping costs and weak global demand could weigh on growth in the "
        "second half.",
        f"About {n},000 {c.demonym} students are enrolled at universities abroad, many of them on "
        f"government scholarships.",
        f"The central bank kept its policy rate unchanged at {pct / 4:.2f} per cent at its latest review.",
        f"Analysts said the relationship had been tested by disputes over fishing rights and tariffs on "
        f"{sector}.",
        f"Tourist arrivals in {c.capital} rose by {pct} per cent, helped by new direct flights and "
        f"easier visa rules.",
        f"The government has set a target of {pct % 7 + 3} per cent growth for the full year.",
        "Opposition lawmakers criticised the budget, saying it did too little for farmers hit by "
        "drought.",
        f"The port of {c.capital} handled a record volume of containers, the port authority said.",
        f"Rainfall in the north was well below average, raising concerns about the {sector} harvest.",
        "Several business delegations are expected to follow up on the commitments in the coming months.",
        f"A survey by a local think tank found that {pct + 40} per cent of respondents viewed {d.name} "
        f"favourably.",
        f"Union leaders met factory owners in {c.capital} to discuss wages, but the talks ended without an "
        f"agreement.",
        f"The finance ministry said it had agreed a new repayment schedule with holders of {n} billion dollars "
        f"of domestic bonds.",
        f"Provincial officials signed contracts worth {n * 10} million dollars for new roads and bridges.",
        f"{person(rng, c)}, an economist at a bank in {c.capital}, said the figures pointed to a slow but "
        f"steady recovery.",
        f"\"Demand for {sector} is coming back faster than we expected,\" said {person(rng, c)}, who runs an "
        f"exporters' association.",
        "The football federation confirmed that the national team coach had signed a new two-year contract.",
        f"Thousands of visitors are expected in {c.capital} for the annual book fair, its organisers said.",
        "A spokesperson for the opposition said the party would hold a meeting of its national council "
        "next month.",
        f"Police said {rng.randint(3, 40)} people were arrested after protests over fuel prices turned violent.",
        f"The cabinet approved a plan to build {rng.randint(2, 9)} new hospitals by the end of the decade.",
    ))


def paragraphs(rng: random.Random, s: Story, words: int) -> list[str]:
    """Body paragraphs of about the given number of words."""
    sentences = ([lede(rng, s)] if s.kind != "none" else []) + (body_sentences(rng, s) if s.kind != "none" else [])
    paras: list[str] = []
    while sum(len(p.split()) for p in paras) < words:
        take = [sentences.pop(0) for _ in range(min(len(sentences), rng.randint(1, 2)))]
        take += [filler_sentence(rng, s) for _ in range(rng.randint(0 if take else 2, 3))]
        paras.append(" ".join(take))
    return paras


def caption(rng: random.Random, s: Story) -> str:
    """A photo caption with its credit."""
    return (f"{s.office_a} {s.name_a} (R) and {s.name_b} during their talks in {s.place}. "
            f"Photo: {rng.choice(('VNA', 'Reuters', 'AFP', 'Handout', 'Foreign Ministry'))}")


def teasers(rng: random.Random) -> list[str]:
    """A 'Related news' section of other stories' headlines and summaries."""
    lines = [rng.choice(("Related news", "Read more", "You may also like", "More stories"))]
    for _ in range(rng.randint(2, 5)):
        t = story(rng, rng.choice(("visit", "phone", "none")))
        lines += [title(rng, t), f"{t.name_a} and {t.name_b} met on {WEEKDAYS[t.day.weekday()]} to discuss {t.topic}."]
    return lines


def text_article(rng: random.Random, s: Story, outlet: str, words: int) -> str:
    """A plain-text page with the boilerplate of a news site around the story."""
    head = [rng.choice(MENUS), f"{s.published:%b %d, %Y} / {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}", "",
            title(rng, s), "", f"By {rng.choice(('Staff Reporter', person(rng, s.a)))}", ""]
    body = paragraphs(rng, s, words)
    if s.kind not in ("none", "aid") and rng.random() < 0.6:
        body.insert(1, caption(rng, s))
    if rng.random() < 0.3:
        body.insert(len(body) // 2, "Sign up for our newsletter to get the day's top stories delivered to your inbox.")
    tail = ["", "Share Facebook Twitter", "", *teasers(rng), "", f"Copyright (c) {s.published.year} {outlet}"]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n" + "\n".join(tail)


def html_article(rng: random.Random, s: Story, outlet: str, domain: str, words: int) -> str:
    """An HTML page: navigation, the article with a caption, teasers and a footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs(rng, s, words))
    related = "".join(f"<li><a href='/x{i}'>{t}</a></li>" for i, t in enumerate(teasers(rng)[1:]))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title(rng, s)} - {outlet}</title>"
            f"<meta property='og:site_name' content='{outlet}'>"
            f"<meta property='article:published_time' content='{s.published.isoformat()}T08:00:00+00:00'></head>"
            f"<body><nav>{' | '.join(f'<a href=/{m}>{m}</a>' for m in rng.choice(MENUS).split())}</nav>"
            f"<article><h1>{title(rng, s)}</h1><time datetime='{s.published.isoformat()}'>{s.published:%B %d, %Y}"
            f"</time>\n{body}\n<figure><img src='/p.jpg'><figcaption>{caption(rng, s)}</figcaption></figure>"
            f"</article><aside><h2>Related news</h2><ul>{related}</ul></aside>"
            f"<footer>Copyright {s.published.year} {outlet}. All rights reserved.</footer></body></html>")


KINDS = (("visit", 30), ("phone", 12), ("video", 6), ("sidelines", 10), ("aid", 6), ("future", 6),
         ("domestic", 5), ("none", 25))


def article(rng: random.Random, number: int) -> dict[str, str]:
    """One JSON Lines record: id, url, title, published and text or html."""
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    s = story(rng, kind)
    outlet, domain = rng.choice(OUTLETS)
    words = rng.randint(300, 1200)
    record = {"id": f"bench-{number:06d}", "url": f"https://www.{domain}/{s.published:%Y/%m/%d}/story-{number}"}
    if rng.random() < 0.25:
        return record | {"html": html_article(rng, s, outlet, domain, words)}
    if rng.random() < 0.5:
        record |= {"title": title(rng, s), "published": s.published.isoformat()}
    return record | {"text": text_article(rng, s, outlet, words)}


def articles(count: int, seed: int = 6) -> Iterator[dict[str, str]]:
    """count articles, the same for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield article(rng, number)


def write_jsonl(path: Path, count: int, seed: int = 6) -> Path:
    """Write the corpus as one JSON Lines file."""
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# -- synthetic mentions for the merge benchmark ----------------------------------------------
def variants(rng: random.Random, name: str) -> str:
    """The name as one outlet writes it: in full, with an initial, or the surname alone."""
    words = name.split()
    return rng.choice((name, name, f"{words[0][0]}. {words[-1]}", words[-1]))


def participants(rng: random.Random, kind: str, people: tuple[tuple[str, str], ...]) -> tuple[Actor, ...]:
    """Two countries for aid (provider, recipient), else two people named as one outlet names them."""
    if kind == "AID":
        roles = ("provider", "recipient")
        return tuple(Actor(None, code, None, role) for (_, code), role in zip(people, roles, strict=True))
    return tuple(Actor(variants(rng, name), code, None, None) for name, code in people)


def mention_group(rng: random.Random, number: int) -> list[Mention]:
    """The 1-3 mentions (by different outlets) of one synthetic event."""
    a, b = rng.sample(COUNTRIES, 2)
    people = ((person(rng, a), a.iso3), (person(rng, b), b.iso3))
    day = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
    kind = rng.choice(("CONSULT", "CONSULT", "CONSULT", "AID"))
    mode = rng.choice(("visit", "phone", "meeting", "sidelines"))
    found = []
    for k in range(rng.choice((1, 1, 2, 2, 3))):
        mention_id = f"m{number:07d}-{k}:0"
        dated = rng.random() < 0.8
        found.append(Mention(
            mention_id=mention_id, event_type=kind, mode=mode if rng.random() < 0.8 else "meeting",
            date=day if dated else None,
            date_range=None if dated else (day - timedelta(days=rng.randint(0, 6)), day + timedelta(days=1)),
            location=Place(rng.choice((a.capital, b.capital)), None) if rng.random() < 0.7 else None,
            participants=participants(rng, kind, people),
            source=Source(mention_id.rsplit(":", 1)[0], "evidence", 0, 8),
            publication_date=day + timedelta(days=rng.randint(0, 3))))
    return found


def mentions(count: int, seed: int = 6) -> list[Mention]:
    """About count synthetic mentions of events over fifteen years between many country pairs."""
    rng = random.Random(seed)
    found: list[Mention] = []
    number = 0
    while len(found) < count:
        found += mention_group(rng, number)
        number += 1
    return found[:count]
