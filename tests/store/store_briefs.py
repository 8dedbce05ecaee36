"""Small hand-built briefs for the store tests (no NLP pipeline involved)."""

from __future__ import annotations

from newsgraph.model import (
    Article,
    Attribution,
    Brief,
    Caption,
    Entity,
    Event,
    Evidence,
    Mention,
    NormalizedQuantity,
    Quantity,
    Quote,
    Role,
    TimeRef,
    TimeValue,
)

FUEL_TEXT = (
    "Kenya's finance minister Njuguna Ndung'u said on Tuesday that the government would cut "
    'the fuel levy by 8 percent from March. "We have heard the complaints of motorists," '
    "Ndung'u told reporters in Nairobi. According to officials at the treasury, the cut "
    "will cost about 12 billion shillings a year."
)
RAIN_TEXT = (
    "Heavy rain flooded parts of Mombasa on Sunday, the Kenya Red Cross said. "
    "About 300 families were moved to higher ground over two days, "
    "a spokeswoman for the society said."
)
LITHIUM_TEXT = (
    "Chile's mining minister Aurora Williams said the state would keep a majority stake in "
    "new lithium projects. The Chilean government expects output to double by 2030, "
    "Williams told a conference in Santiago, while Kenya watched the talks closely."
)


def evidence(text: str, phrase: str) -> Evidence:
    """The sentence of ``text`` holding ``phrase`` (sentences end at '. ')."""
    at = text.index(phrase)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Evidence(sentence=text[start:end], start=start, end=end)


def mentions(text: str, *forms: str) -> list[Mention]:
    """Every occurrence of each surface form, as the pipeline would report them."""
    found: list[Mention] = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            found.append(Mention(start=at, end=at + len(form), text=form))
            at = text.find(form, at + 1)
    return sorted(found, key=lambda m: m.start)


def fuel_brief(url: str | None = "https://www.example-news.com/business/kenya-fuel-levy") -> Brief:
    """A full brief: every kind of fact, so the round trip covers every field."""
    t = FUEL_TEXT
    levy = t.index("8 percent")
    return Brief(
        document=Article(
            text=t,
            title="Kenya to cut fuel levy",
            subtitle="Motorists get relief from March",
            section="Business",
            byline="By Amina Otieno",
            published="2024-02-13",
            url=url,
            captions=[Caption(text="A petrol station in Nairobi.", credit="Reuters")],
            other_languages=["sw"],
        ),
        entities=[
            Entity(
                id="e1",
                name="Njuguna Ndung'u",
                type="PERSON",
                aliases=["Ndung'u"],
                country="KEN",
                mentions=mentions(t, "Njuguna Ndung'u", "Ndung'u told"),
                roles=[
                    Role(
                        title="finance minister", of="e2", evidence=evidence(t, "finance minister")
                    )
                ],
            ),
            Entity(
                id="e2", name="Kenya", type="COUNTRY", country="KEN", mentions=mentions(t, "Kenya")
            ),
            Entity(
                id="e3",
                name="Nairobi",
                type="PLACE",
                country="KEN",
                mentions=mentions(t, "Nairobi"),
            ),
        ],
        events=[
            Event(
                type="CONCEDE",
                summary="Kenya cuts fuel levy",
                evidence=evidence(t, "cut"),
                actors=["e2"],
                time=TimeRef(text="from March", value="2024-03"),
                status="planned",
                attributes={"percent": 8},
                sources=["e1"],
            )
        ],
        quotes=[
            Quote(
                speaker="e1",
                kind="direct",
                text="We have heard the complaints of motorists,",
                evidence=evidence(t, "We have heard"),
                speaker_text="Ndung'u",
                cue="told",
            ),
            Quote(
                speaker="e1",
                kind="indirect",
                text="the government would cut the fuel levy by 8 percent from March",
                evidence=evidence(t, "would cut"),
                cue="said",
            ),
        ],
        attributions=[
            Attribution(
                claim="the cut will cost about 12 billion shillings a year",
                source="officials at the treasury",
                anonymous=True,
                evidence=evidence(t, "According to"),
                cue="according to",
            )
        ],
        quantities=[
            Quantity(
                text="8 percent",
                kind="percent",
                value=8.0,
                unit="%",
                evidence=evidence(t, "8 percent"),
                start=levy,
                end=levy + 9,
            ),
            Quantity(
                text="about 12 billion shillings",
                kind="money",
                value=12e9,
                unit="KES",
                normalized=NormalizedQuantity(value=12e9, unit="KES"),
                approximate=True,
                evidence=evidence(t, "12 billion"),
            ),
        ],
        times=[
            TimeValue(
                text="Tuesday", kind="date", value="2024-02-13", evidence=evidence(t, "Tuesday")
            ),
            TimeValue(text="a year", kind="set", value="P1Y", evidence=evidence(t, "a year")),
        ],
    )


def rain_brief(url: str | None = None) -> Brief:
    """A brief without a URL: identified by its text."""
    t = RAIN_TEXT
    return Brief(
        document=Article(text=t, title="Floods hit Mombasa", published="2024-04-28", url=url),
        entities=[
            Entity(
                id="e1",
                name="Mombasa",
                type="PLACE",
                country="KEN",
                mentions=mentions(t, "Mombasa"),
            ),
            Entity(
                id="e2",
                name="Kenya Red Cross",
                type="ORG",
                country="KEN",
                mentions=mentions(t, "Kenya Red Cross"),
            ),
        ],
        attributions=[
            Attribution(
                claim="About 300 families were moved to higher ground",
                source="a spokeswoman for the society",
                anonymous=True,
                evidence=evidence(t, "About 300"),
            )
        ],
    )


def lithium_brief() -> Brief:
    """A brief sharing an entity ("Kenya") with the fuel brief, under a variant spelling."""
    t = LITHIUM_TEXT
    return Brief(
        document=Article(
            text=t,
            title="Chile keeps control of lithium",
            published=None,
            url="https://news.example.org/world/chile-lithium?utm_source=feed",
        ),
        entities=[
            Entity(
                id="p1",
                name="Aurora Williams",
                type="PERSON",
                aliases=["Williams"],
                country="CHL",
                mentions=mentions(t, "Aurora Williams", "Williams told"),
            ),
            Entity(
                id="p2",
                name="Chile",
                type="COUNTRY",
                aliases=["Chilean"],
                country="CHL",
                mentions=mentions(t, "Chile's", "Chilean"),
            ),
            Entity(
                id="p3",
                name="KENYA",
                type="COUNTRY",
                aliases=["Kenyan Republic"],
                country="KEN",
                mentions=mentions(t, "Kenya"),
            ),
        ],
        quotes=[
            Quote(
                speaker="p1",
                kind="indirect",
                text="the state would keep a majority stake in new lithium projects",
                evidence=evidence(t, "majority stake"),
                cue="said",
            )
        ],
    )


def filler_brief(n: int) -> Brief:
    """The n-th of many small distinct articles (for id-prefix collisions and paging)."""
    return Brief(
        document=Article(
            text=f"Council meeting number {n} approved the harbour budget.",
            title=f"Harbour budget {n}",
            url=f"https://local.example.net/harbour/{n}",
            published=f"2023-01-{1 + n % 28:02d}",
        )
    )


# Languages whose words a space-splitting index cannot find: Chinese and Japanese have no
# spaces; Hebrew and Arabic attach prepositions and the article to the word ("in
# Jerusalem" is one word, as is "the peace").
CHINESE_TEXT = "国家主席习近平星期二在北京会见了法国总统马克龙。双方讨论了贸易和气候问题。"
CHINESE_MENTION_TEXT = "外交部发言人说，有关会谈将在北京举行，习近平将出席。"
JAPANESE_TEXT = "東京で首相が記者会見を開き、新しい経済対策を発表した。"
HEBREW_TEXT = "ראש הממשלה נפגש בירושלים עם שר החוץ. השיחות עסקו בהסכם הסחר החדש."
ARABIC_TEXT = (
    "التقى وزير الخارجية المصري نظيره الأردني في القاهرة يوم الثلاثاء لبحث السلام في المنطقة."
)


def script_brief(text: str, title: str, language: str, n: int = 0) -> Brief:
    """An article in ``language`` (no entities: search reads only the title and text)."""
    return Brief(
        document=Article(
            text=text,
            title=title,
            language=language,
            url=f"https://world.example/{language}/{n}",
            published=f"2024-05-{10 + n:02d}",
        )
    )


def unspaced_briefs() -> dict[str, Brief]:
    return {
        "zh": script_brief(CHINESE_TEXT, "习近平会见法国总统", "zh"),
        "zh-mention": script_brief(CHINESE_MENTION_TEXT, "外交部例行记者会", "zh", 1),
        "ja": script_brief(JAPANESE_TEXT, "首相が経済対策", "ja"),
        "he": script_brief(HEBREW_TEXT, "שיחות בירושלים", "he"),
        "ar": script_brief(ARABIC_TEXT, "محادثات في القاهرة", "ar"),
    }
