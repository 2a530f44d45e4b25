"""Demo catalogue: about seventy products of the demo cooperatives, their labels, and the
euro and dollar rates, for the demo loader (tiwizi/demo/loader.py calls this function).

Products are written from product lines (what a saffron or a rose cooperative typically
sells, named and described in Arabic and French, some in English) given to each
cooperative of the sector with its own price. Prices are realistic Moroccan producer
prices in dirhams; bulk and custom offers are "on request". Products of dormant
cooperatives stay unpublished. Labels use the real protected origins of the region (IGP
Safran de Taliouine, AOP Rose de Kelaat M'Gouna, IGP Dattes Majhoul de Tafilalet) with
made-up numbers; one organic certificate has expired, to show how it is handled.

Idempotent: every row has a stable demo key (`_upsert`), and dates are fixed, not
relative to today, so loading twice creates and changes nothing. No photos are made up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tiwizi.demo.models import DemoRecord
from tiwizi.demo.records import _upsert
from tiwizi.market.models import ExchangeRate, Label, Product
from tiwizi.registry.models import Organization, Sector

D = datetime.date


@dataclass(frozen=True)
class Line:
    """A kind of product a cooperative of the sector sells."""

    sector: str
    unit: str
    name_ar: str
    name_fr: str
    description_ar: str
    description_fr: str
    name_en: str = ""
    description_en: str = ""
    minimum_order: str = "1"
    monthly_capacity: str | None = None
    season: tuple[int, int] | None = None


@dataclass(frozen=True)
class Offer:
    producer: str  # demo key of the organization
    line: str
    price: str | None  # None: price on request
    stock: str = "in_stock"
    published: bool = True
    arabic_only: bool = False  # a cooperative that writes only in Arabic
    minimum_order: str | None = None
    labels: tuple[str, ...] = field(default_factory=tuple)  # keys of LABELS


LINES: dict[str, Line] = {
    # Saffron (harvest: late October to November)
    "saffron-1g": Line(
        "saffron",
        "g",
        "زعفران حر - خيوط",
        "Safran en filaments",
        "خيوط زعفران حمراء من قطفة هذا الموسم، مجففة في الظل ومعبأة في علب زجاجية من غرام واحد.",
        "Filaments rouges de la dernière récolte, séchés à l'ombre, en pots de verre de 1 g.",
        "Saffron threads",
        "Red threads from the latest harvest, shade-dried, in 1 g glass jars.",
        minimum_order="10",
        monthly_capacity="1500",
        season=(10, 11),
    ),
    "saffron-bulk": Line(
        "saffron",
        "g",
        "زعفران بالجملة",
        "Safran en filaments, vrac",
        "زعفران من الدرجة الأولى بالجملة للمهنيين، في أكياس محكمة الإغلاق من 100 غرام.",
        "Safran de catégorie I pour les professionnels, en sachets scellés de 100 g.",
        "Bulk saffron threads",
        "Category I saffron for professionals, in sealed 100 g bags.",
        minimum_order="100",
        monthly_capacity="5000",
        season=(10, 11),
    ),
    "saffron-powder": Line(
        "saffron",
        "g",
        "زعفران مطحون",
        "Safran moulu",
        "زعفران مطحون بعد التجفيف، للطبخ والحلويات.",
        "Safran moulu après séchage, pour la cuisine et la pâtisserie.",
        minimum_order="5",
        monthly_capacity="800",
        season=(10, 11),
    ),
    "saffron-gift": Line(
        "saffron",
        "piece",
        "علبة هدية زعفران 5 غرام",
        "Coffret cadeau safran 5 g",
        "علبة خشبية منقوشة فيها خمس علب زعفران من غرام واحد.",
        "Coffret en bois gravé avec cinq pots de safran de 1 g.",
        "Saffron gift box, 5 g",
        "Carved wooden box holding five 1 g jars of saffron.",
        minimum_order="5",
        monthly_capacity="200",
    ),
    # Dates (harvest: September to November)
    "majhoul-extra": Line(
        "dates",
        "kg",
        "تمر المجهول الممتاز",
        "Dattes Majhoul extra",
        "تمور مجهول كبيرة الحجم، طرية وحلوة، منتقاة حبة حبة.",
        "Grosses dattes Majhoul, moelleuses et sucrées, triées à la main.",
        "Medjool dates, extra",
        "Large, soft and sweet Medjool dates, hand-sorted.",
        minimum_order="5",
        monthly_capacity="2000",
        season=(9, 11),
    ),
    "majhoul-standard": Line(
        "dates",
        "kg",
        "تمر المجهول",
        "Dattes Majhoul",
        "تمور مجهول من الحجم المتوسط، في علب من كيلوغرام.",
        "Dattes Majhoul de calibre moyen, en boîtes de 1 kg.",
        minimum_order="10",
        monthly_capacity="3000",
        season=(9, 11),
    ),
    "boufeggous": Line(
        "dates",
        "kg",
        "تمر بوفقوس",
        "Dattes Boufeggous",
        "صنف محلي من واحات درعة، لين وغني بالطعم.",
        "Variété locale des oasis du Drâa, tendre et parfumée.",
        minimum_order="10",
        monthly_capacity="2500",
        season=(9, 11),
    ),
    "jihel": Line(
        "dates",
        "kg",
        "تمر الجيهل",
        "Dattes Jihel",
        "تمر جاف يحفظ طويلا، مثالي للطبخ.",
        "Datte sèche de longue conservation, idéale en cuisine.",
        minimum_order="20",
        monthly_capacity="4000",
        season=(9, 11),
    ),
    "date-paste": Line(
        "dates",
        "kg",
        "عجينة التمر",
        "Pâte de dattes",
        "عجينة تمر طبيعية بدون سكر مضاف، للحلويات.",
        "Pâte de dattes naturelle sans sucre ajouté, pour la pâtisserie.",
        "Date paste",
        "Natural date paste with no added sugar, for baking.",
        minimum_order="5",
        monthly_capacity="600",
    ),
    # Roses and aromatic plants (rose harvest: late April to May)
    "rose-water": Line(
        "roses-aromatic-plants",
        "l",
        "ماء الورد المقطر",
        "Eau de rose distillée",
        "ماء ورد مقطر تقليديا من ورد قلعة مكونة، بدون مواد حافظة.",
        "Eau de rose distillée à l'alambic à partir de roses de Kelaat M'Gouna, sans conservateur.",
        "Distilled rose water",
        "Still-distilled from Kelaat M'Gouna roses, no preservatives.",
        minimum_order="5",
        monthly_capacity="800",
        season=(4, 5),
    ),
    "dried-roses": Line(
        "roses-aromatic-plants",
        "kg",
        "براعم الورد المجففة",
        "Boutons de rose séchés",
        "براعم ورد بلدي مجففة، للشاي والعطور والزينة.",
        "Boutons de rose de Damas séchés, pour infusions, parfums et décoration.",
        minimum_order="1",
        monthly_capacity="150",
        season=(4, 5),
    ),
    "rose-oil": Line(
        "roses-aromatic-plants",
        "ml",
        "زيت الورد العطري",
        "Huile essentielle de rose",
        "زيت ورد عطري نادر، بكميات محدودة بعد كل موسم.",
        "Huile essentielle de rose rare, en petites quantités après chaque récolte.",
        "Rose essential oil",
        "Rare rose essential oil, in small batches after each harvest.",
        minimum_order="10",
        season=(5, 6),
    ),
    "rose-soap": Line(
        "roses-aromatic-plants",
        "piece",
        "صابون الورد",
        "Savon à la rose",
        "صابون طبيعي بماء الورد وزيت الأركان.",
        "Savon naturel à l'eau de rose et à l'huile d'argan.",
        minimum_order="20",
        monthly_capacity="1000",
    ),
    "rosemary": Line(
        "roses-aromatic-plants",
        "kg",
        "إكليل الجبل المجفف",
        "Romarin séché",
        "إكليل جبل بري مقطوف من جبال الأطلس.",
        "Romarin sauvage cueilli dans l'Atlas.",
        minimum_order="5",
        monthly_capacity="300",
    ),
    "thyme": Line(
        "roses-aromatic-plants",
        "kg",
        "الزعتر البري",
        "Thym sauvage",
        "زعتر بري مجفف، للطبخ والشاي.",
        "Thym sauvage séché, pour la cuisine et les infusions.",
        "Wild thyme",
        "Dried wild thyme, for cooking and herbal tea.",
        minimum_order="2",
        monthly_capacity="200",
    ),
    # Almonds (harvest: August to September)
    "almonds-shelled": Line(
        "almonds",
        "kg",
        "لوز مقشر",
        "Amandes décortiquées",
        "لوز بلدي مقشر من أشجار الواحات.",
        "Amandes beldi décortiquées, des amandiers des oasis.",
        "Shelled almonds",
        "Shelled local almonds from oasis trees.",
        minimum_order="5",
        monthly_capacity="700",
        season=(8, 9),
    ),
    "almonds-in-shell": Line(
        "almonds",
        "kg",
        "لوز بقشرته",
        "Amandes en coque",
        "لوز بقشرته، يحفظ طويلا.",
        "Amandes en coque, de longue conservation.",
        minimum_order="20",
        monthly_capacity="1500",
        season=(8, 9),
    ),
    "amlou": Line(
        "almonds",
        "kg",
        "أملو",
        "Amlou",
        "أملو تقليدي باللوز المحمص وزيت الأركان والعسل.",
        "Amlou traditionnel : amandes grillées, huile d'argan et miel.",
        "Amlou spread",
        "Traditional spread of roasted almonds, argan oil and honey.",
        minimum_order="2",
        monthly_capacity="250",
    ),
    # Honey
    "thyme-honey": Line(
        "honey",
        "kg",
        "عسل الزعتر",
        "Miel de thym",
        "عسل زعتر جبلي، ذو لون داكن وطعم قوي.",
        "Miel de thym de montagne, foncé et puissant.",
        "Thyme honey",
        "Dark, strong mountain thyme honey.",
        minimum_order="1",
        monthly_capacity="120",
    ),
    "jujube-honey": Line(
        "honey",
        "kg",
        "عسل السدر",
        "Miel de jujubier",
        "عسل السدر النادر من الواحات، بكميات محدودة.",
        "Miel de jujubier des oasis, rare et recherché.",
        minimum_order="1",
    ),
    "euphorbia-honey": Line(
        "honey",
        "kg",
        "عسل الدغموس",
        "Miel d'euphorbe",
        "عسل الدغموس المعروف بطعمه الحار.",
        "Miel d'euphorbe au goût poivré caractéristique.",
        minimum_order="1",
        monthly_capacity="80",
    ),
    "wildflower-honey": Line(
        "honey",
        "kg",
        "عسل متعدد الأزهار",
        "Miel toutes fleurs",
        "عسل ربيعي من أزهار الجبل.",
        "Miel de printemps des fleurs de montagne.",
        minimum_order="2",
        monthly_capacity="200",
    ),
    # Couscous and cereals
    "barley-couscous": Line(
        "couscous-cereals",
        "kg",
        "كسكس الشعير المفتول باليد",
        "Couscous d'orge roulé main",
        "كسكس شعير بلدي مفتول باليد من طرف نساء التعاونية.",
        "Couscous d'orge beldi roulé à la main par les femmes de la coopérative.",
        "Hand-rolled barley couscous",
        "Local barley couscous, hand-rolled by the members.",
        minimum_order="5",
        monthly_capacity="900",
    ),
    "wheat-couscous": Line(
        "couscous-cereals",
        "kg",
        "كسكس القمح الصلب",
        "Couscous de blé dur",
        "كسكس قمح صلب مفتول ومجفف تحت الشمس.",
        "Couscous de blé dur roulé et séché au soleil.",
        minimum_order="5",
        monthly_capacity="1200",
    ),
    "belboula": Line(
        "couscous-cereals",
        "kg",
        "بلبولة",
        "Belboula",
        "جشيش الشعير للحساء والكسكس.",
        "Orge concassée pour soupes et couscous.",
        minimum_order="5",
        monthly_capacity="800",
    ),
    # Henna (harvest: June to August)
    "henna-powder": Line(
        "henna",
        "kg",
        "حناء مطحونة ناعمة",
        "Henné en poudre fine",
        "حناء طبيعية مطحونة ومغربلة، بدون إضافات.",
        "Henné naturel moulu et tamisé, sans additif.",
        "Fine henna powder",
        "Natural ground and sifted henna, no additives.",
        minimum_order="2",
        monthly_capacity="600",
        season=(6, 8),
    ),
    "henna-leaves": Line(
        "henna",
        "kg",
        "أوراق الحناء المجففة",
        "Feuilles de henné séchées",
        "أوراق حناء مجففة كاملة.",
        "Feuilles de henné entières séchées.",
        minimum_order="5",
        monthly_capacity="400",
        season=(6, 8),
    ),
    # Carpets and weaving
    "taznakht-carpet": Line(
        "carpets-weaving",
        "piece",
        "زربية تازناخت معقودة باليد",
        "Tapis de Taznakht noué main",
        "زربية من الصوف المغزول والمصبوغ بالألوان النباتية، حوالي 2 × 3 أمتار.",  # noqa: RUF001
        "Laine filée et teinte aux colorants végétaux, environ 2 × 3 m.",  # noqa: RUF001
        "Hand-knotted Taznakht rug",
        "Hand-spun wool with plant dyes, about 2 × 3 m.",  # noqa: RUF001
        monthly_capacity="3",
    ),
    "zanafi-carpet": Line(
        "carpets-weaving",
        "piece",
        "زربية زنافي",
        "Tapis zanafi",
        "زربية منسوجة بزخارف هندسية أمازيغية.",
        "Tapis tissé aux motifs géométriques amazighs.",
        monthly_capacity="4",
    ),
    "hanbel": Line(
        "carpets-weaving",
        "piece",
        "حنبل منسوج",
        "Hanbel (kilim) tissé",
        "حنبل خفيف من الصوف، حوالي 1.5 × 2.5 متر.",  # noqa: RUF001
        "Hanbel léger en laine, environ 1,5 × 2,5 m.",  # noqa: RUF001
        "Woven hanbel (kilim)",
        "Light wool flat-weave, about 1.5 × 2.5 m.",  # noqa: RUF001
        monthly_capacity="8",
    ),
    "cushion": Line(
        "carpets-weaving",
        "piece",
        "غطاء وسادة منسوج",
        "Housse de coussin tissée",
        "غطاء وسادة من بقايا الصوف، 50 × 50 سم.",  # noqa: RUF001
        "Housse de coussin en laine, 50 × 50 cm.",  # noqa: RUF001
        minimum_order="4",
        monthly_capacity="60",
    ),
    "custom-carpet": Line(
        "carpets-weaving",
        "m2",
        "زربية حسب الطلب",
        "Tapis sur mesure",
        "زربية حسب المقاس والألوان التي تختارونها، الثمن حسب الطلب.",
        "Tapis aux dimensions et couleurs de votre choix, prix sur devis.",
        "Made-to-measure rug",
        "Rug in the size and colours you choose; priced on request.",
        minimum_order="2",
    ),
    # Pottery
    "green-bowl": Line(
        "pottery",
        "piece",
        "زلافة تامكروت الخضراء",
        "Bol vert de Tamegroute",
        "زلافة من الفخار المزجج بالأخضر الشهير لتامكروت.",
        "Bol en terre cuite émaillée du célèbre vert de Tamegroute.",
        "Tamegroute green bowl",
        "Earthenware bowl in Tamegroute's famous green glaze.",
        minimum_order="6",
        monthly_capacity="300",
    ),
    "green-dish": Line(
        "pottery",
        "piece",
        "طبق مزجج أخضر",
        "Plat émaillé vert",
        "طبق كبير مزجج يدويا.",
        "Grand plat émaillé à la main.",
        minimum_order="2",
        monthly_capacity="80",
    ),
    "tajine": Line(
        "pottery",
        "piece",
        "طاجين الطهي",
        "Tajine de cuisson",
        "طاجين من الطين الأحمر صالح للطهي على الفحم والغاز.",
        "Tajine en terre rouge pour la cuisson au charbon et au gaz.",
        minimum_order="4",
        monthly_capacity="120",
    ),
    # Argan
    "argan-culinary": Line(
        "argan",
        "l",
        "زيت أركان غذائي",
        "Huile d'argan alimentaire",
        "زيت أركان محمص معصور على البارد، في قنينات زجاجية.",
        "Huile d'argan torréfiée pressée à froid, en bouteilles de verre.",
        "Culinary argan oil",
        "Cold-pressed roasted argan oil in glass bottles.",
        minimum_order="1",
        monthly_capacity="200",
    ),
    "argan-cosmetic": Line(
        "argan",
        "l",
        "زيت أركان تجميلي",
        "Huile d'argan cosmétique",
        "زيت أركان غير محمص للعناية بالبشرة والشعر.",
        "Huile d'argan non torréfiée pour la peau et les cheveux.",
        minimum_order="1",
        monthly_capacity="150",
    ),
    # Olive oil (harvest: November to January)
    "olive-oil": Line(
        "olive-oil",
        "l",
        "زيت الزيتون البكر الممتاز",
        "Huile d'olive vierge extra",
        "زيت زيتون بكر ممتاز من الضغطة الأولى على البارد.",
        "Huile d'olive vierge extra de première pression à froid.",
        "Extra virgin olive oil",
        "First cold-pressed extra virgin olive oil.",
        minimum_order="5",
        monthly_capacity="1500",
        season=(11, 1),
    ),
}

IGP_SAFFRON = "igp-saffron"
AOP_ROSE = "aop-rose"
IGP_MAJHOUL = "igp-majhoul"
ORGANIC = "organic"
ORGANIC_EXPIRED = "organic-expired"
FAIR_TRADE = "fair-trade"
ONSSA = "onssa"

LABELS: dict[str, dict[str, Any]] = {
    IGP_SAFFRON: {
        "kind": "origin",
        "name": "IGP Safran de Taliouine",
        "number": "IGP-SDOQ-2010-001",
        "issued_by": "Ministère de l'Agriculture (Commission nationale des SDOQ)",
        "expires_on": D(2029, 12, 31),
    },
    AOP_ROSE: {
        "kind": "origin",
        "name": "AOP Rose de Kelaat M'Gouna",
        "number": "AOP-SDOQ-2011-004",
        "issued_by": "Ministère de l'Agriculture (Commission nationale des SDOQ)",
        "expires_on": D(2029, 12, 31),
    },
    IGP_MAJHOUL: {
        "kind": "origin",
        "name": "IGP Dattes Majhoul de Tafilalet",
        "number": "IGP-SDOQ-2011-007",
        "issued_by": "Ministère de l'Agriculture (Commission nationale des SDOQ)",
        "expires_on": D(2029, 12, 31),
    },
    ORGANIC: {
        "kind": "organic",
        "name": "Agriculture biologique (Ecocert)",
        "number": "MA-BIO-154",
        "issued_by": "Ecocert Maroc",
        "expires_on": D(2027, 6, 30),
    },
    # Not renewed: kept in the back office, marked expired, never shown in the shop.
    ORGANIC_EXPIRED: {
        "kind": "organic",
        "name": "Agriculture biologique (Ecocert)",
        "number": "MA-BIO-087",
        "issued_by": "Ecocert Maroc",
        "expires_on": D(2026, 6, 30),
    },
    FAIR_TRADE: {
        "kind": "fair_trade",
        "name": "Commerce équitable (WFTO)",
        "number": "WFTO-MA-0112",
        "issued_by": "World Fair Trade Organization",
        "expires_on": D(2027, 12, 31),
    },
    ONSSA: {
        "kind": "onssa",
        "name": "Autorisation sanitaire ONSSA",
        "number": "",  # per product
        "issued_by": "ONSSA",
        "expires_on": None,
    },
}

OFFERS: tuple[Offer, ...] = (
    # Saffron
    Offer("safran-siroua", "saffron-1g", "35", labels=(IGP_SAFFRON, ONSSA)),
    Offer("safran-siroua", "saffron-bulk", "28", labels=(IGP_SAFFRON, ONSSA)),
    Offer("safran-siroua", "saffron-powder", "32", labels=(ONSSA,)),
    Offer("safran-siroua", "saffron-gift", "190", stock="low"),
    Offer("zaafrane-ighrem", "saffron-1g", "33", arabic_only=True, labels=(IGP_SAFFRON,)),
    Offer("zaafrane-ighrem", "saffron-bulk", "26", arabic_only=True),
    Offer("zaafrane-ighrem", "saffron-gift", "180", arabic_only=True, stock="out_of_stock"),
    Offer("gie-safran-siroua", "saffron-bulk", None, minimum_order="1000", labels=(IGP_SAFFRON,)),
    Offer("gie-safran-siroua", "saffron-powder", "30"),
    # Carpets
    Offer("tapis-taznakht", "taznakht-carpet", "6500", stock="to_order", labels=(FAIR_TRADE,)),
    Offer("tapis-taznakht", "zanafi-carpet", "4200", labels=(FAIR_TRADE,)),
    Offer("tapis-taznakht", "hanbel", "1800"),
    Offer("tapis-taznakht", "cushion", "250"),
    Offer("tapis-taznakht", "custom-carpet", None, stock="to_order"),
    Offer("tissage-tagounite", "hanbel", "1500", published=False),
    Offer("tissage-tagounite", "cushion", "220", published=False),
    Offer("tissage-ait-atta", "zanafi-carpet", "3800", published=False),
    # Roses, aromatic plants and almonds
    Offer("tamghart-skoura", "rose-water", "55", labels=(AOP_ROSE,)),
    Offer("tamghart-skoura", "dried-roses", "170"),
    Offer("tamghart-skoura", "almonds-shelled", "105"),
    Offer("ward-mgouna", "rose-water", "65", labels=(AOP_ROSE, ONSSA)),
    Offer("ward-mgouna", "dried-roses", "190", labels=(AOP_ROSE,)),
    Offer("ward-mgouna", "rose-oil", None, stock="low"),
    Offer("ward-mgouna", "rose-soap", "25"),
    Offer("tilila-aromatiques", "rosemary", "60", labels=(ORGANIC,)),
    Offer("tilila-aromatiques", "thyme", "90", labels=(ORGANIC,)),
    Offer("tilila-aromatiques", "rose-water", "45"),
    Offer("gie-roses-mgoun", "rose-water", None, minimum_order="200", labels=(AOP_ROSE,)),
    Offer("amandes-amerzgane", "almonds-shelled", "100"),
    Offer("amandes-amerzgane", "almonds-in-shell", "42", published=False),
    Offer("amandes-amerzgane", "amlou", "150", labels=(ONSSA,)),
    Offer("amandes-dades", "almonds-shelled", "115"),
    Offer("amandes-dades", "amlou", "160", labels=(ONSSA,)),
    Offer("amandes-tazarine", "almonds-shelled", "98", arabic_only=True),
    Offer("amandes-tazarine", "jujube-honey", None, arabic_only=True, stock="low"),
    # Honey
    Offer("miel-iznaguen", "thyme-honey", "350", labels=(ORGANIC_EXPIRED, ONSSA)),
    Offer("miel-iznaguen", "euphorbia-honey", "300", labels=(ONSSA,)),
    Offer("miel-iznaguen", "wildflower-honey", "180"),
    Offer("miel-toudgha", "thyme-honey", "360", labels=(ORGANIC, ONSSA)),
    Offer("miel-toudgha", "jujube-honey", "480", stock="out_of_stock"),
    Offer("cereales-msemrir", "wildflower-honey", "170", arabic_only=True),
    # Couscous and cereals
    Offer("couscous-tidili", "barley-couscous", "35", labels=(ONSSA,)),
    Offer("couscous-tidili", "wheat-couscous", "30", labels=(ONSSA,)),
    Offer("couscous-tidili", "belboula", "28"),
    Offer("al-amal-mhamid", "barley-couscous", "33"),
    Offer("cereales-msemrir", "barley-couscous", "34", arabic_only=True),
    Offer("nour-tassoultante", "wheat-couscous", "29"),
    # Dates
    Offer("dattes-nakhil", "majhoul-extra", "140", labels=(IGP_MAJHOUL, ONSSA)),
    Offer("dattes-nakhil", "majhoul-standard", "90"),
    Offer("dattes-nakhil", "boufeggous", "45"),
    Offer("al-amal-mhamid", "jihel", "30"),
    Offer("al-amal-mhamid", "date-paste", "40", labels=(ONSSA,)),
    Offer("dattes-fezouata", "majhoul-extra", "135"),
    Offer("dattes-fezouata", "boufeggous", "48"),
    Offer("dattes-fezouata", "jihel", "28", stock="low"),
    Offer("tighremt-agdz", "majhoul-standard", "85"),
    Offer("dattes-alnif", "majhoul-extra", "150", labels=(IGP_MAJHOUL,)),
    Offer("dattes-alnif", "boufeggous", "42"),
    Offer("gie-dattes-draa", "majhoul-standard", None, minimum_order="500"),
    # Henna
    Offer("henne-tinzouline", "henna-powder", "120"),
    Offer("henne-tinzouline", "henna-leaves", "80"),
    Offer("tighremt-agdz", "henna-powder", "110"),
    # Pottery
    Offer("poterie-tamegroute", "green-bowl", "80"),
    Offer("poterie-tamegroute", "green-dish", "220"),
    Offer("poterie-tamegroute", "tajine", "150"),
    Offer("fakhar-saada", "tajine", "140"),
    Offer("fakhar-saada", "green-bowl", "70"),
    # Argan and olive oil
    Offer("argan-tamount", "argan-culinary", "380", labels=(ORGANIC, ONSSA)),
    Offer("argan-tamount", "argan-cosmetic", "420", labels=(ORGANIC,)),
    Offer("zitoun-loudaya", "olive-oil", "75", labels=(ONSSA,)),
)

# Indicative rates staff would have entered (MAD per unit), from fixed dates.
RATES = (
    ("EUR", "10.7000", D(2025, 7, 1)),
    ("USD", "9.8000", D(2025, 7, 1)),
    ("EUR", "10.8500", D(2026, 1, 1)),
    ("USD", "9.9500", D(2026, 1, 1)),
)


def _organizations() -> dict[str, Organization]:
    keys = {f"organization:{offer.producer}" for offer in OFFERS}
    ids = dict(DemoRecord.objects.filter(key__in=keys).values_list("key", "object_id"))
    by_id = Organization.objects.in_bulk([int(pk) for pk in ids.values()])
    return {key.removeprefix("organization:"): by_id[int(pk)] for key, pk in ids.items()}


def _product_values(offer: Offer, line: Line, organization: Organization, sector: Sector) -> dict:
    return {
        "organization_id": organization.pk,
        "category_id": sector.pk,
        "name_ar": line.name_ar,
        "name_fr": "" if offer.arabic_only else line.name_fr,
        "name_en": "" if offer.arabic_only else line.name_en,
        "description_ar": line.description_ar,
        "description_fr": "" if offer.arabic_only else line.description_fr,
        "description_en": "" if offer.arabic_only else line.description_en,
        "unit": line.unit,
        "price_mad": None if offer.price is None else Decimal(offer.price),
        "minimum_order": Decimal(offer.minimum_order or line.minimum_order),
        "monthly_capacity": Decimal(line.monthly_capacity) if line.monthly_capacity else None,
        "season_start_month": line.season[0] if line.season else None,
        "season_end_month": line.season[1] if line.season else None,
        "stock_status": offer.stock,
        "published": offer.published,
    }


def _onssa_number(index: int) -> str:
    return f"AS.08.{100 + index:03d}.21"


def load_catalogue_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
    organizations = _organizations()
    sectors = {s.code: s for s in Sector.objects.all()}
    for index, offer in enumerate(OFFERS):
        organization = organizations.get(offer.producer)
        if organization is None:
            continue  # a demo organization removed from data.py
        line = LINES[offer.line]
        key = f"product:{offer.producer}:{offer.line}"
        product = _upsert(
            report, Product, _product_values(offer, line, organization, sectors[line.sector]),
            key=key, clean=True,
        )  # fmt: skip
        for label_key in offer.labels:
            values = {**LABELS[label_key], "product_id": product.pk}
            if label_key == ONSSA:
                values["number"] = _onssa_number(index)
            _upsert(report, Label, values, key=f"label:{key}:{label_key}", clean=True)
    for currency, rate, valid_from in RATES:
        _upsert(
            report, ExchangeRate,
            {"currency": currency, "mad_per_unit": Decimal(rate), "valid_from": valid_from},
            natural={"currency": currency, "valid_from": valid_from},
        )  # fmt: skip
