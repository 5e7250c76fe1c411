"""The demo corpus's general-domain prose: recipes, travel, gardening, sports, science, history,
hobbies, local news and reviews (titles, section headings and sentence pools).
"""

from __future__ import annotations

from prose_engine import word_list

# ---------------------------------------------------------------------------
# General-domain topics
# ---------------------------------------------------------------------------

DISHES = [
    ("lemon and thyme roast chicken", "chicken", "thyme", "roast", "potatoes"),
    ("slow-cooked beef and barley stew", "beef shin", "bay leaves", "simmer", "carrots"),
    ("spiced lentil soup", "red lentils", "cumin", "simmer", "onions"),
    ("mushroom and spinach risotto", "arborio rice", "parsley", "stir", "mushrooms"),
    ("baked salmon with herb crust", "salmon fillets", "dill", "bake", "breadcrumbs"),
    ("vegetable curry with chickpeas", "chickpeas", "coriander", "simmer", "sweet potatoes"),
    ("apple and cinnamon crumble", "cooking apples", "cinnamon", "bake", "oats"),
    ("tomato and basil pasta sauce", "ripe tomatoes", "basil", "simmer", "garlic"),
    ("crispy fish tacos", "white fish", "lime", "fry", "cabbage"),
    ("banana bread with walnuts", "ripe bananas", "nutmeg", "bake", "walnuts"),
    ("roasted vegetable lasagna", "courgettes", "oregano", "bake", "ricotta"),
    ("chicken noodle soup", "chicken thighs", "parsley", "simmer", "egg noodles"),
    ("blueberry pancakes", "blueberries", "vanilla", "fry", "buttermilk"),
    ("shepherd's pie", "minced lamb", "rosemary", "bake", "peas"),
    ("stuffed bell peppers", "bell peppers", "paprika", "bake", "rice"),
    ("garlic butter prawns", "prawns", "chili flakes", "fry", "butter"),
    ("pumpkin and sage gnocchi", "pumpkin", "sage", "boil", "parmesan"),
    ("lemon drizzle cake", "lemons", "poppy seeds", "bake", "caster sugar"),
]

RECIPE = {
    "titles": [
        "[Easy|Simple|Weeknight|Family] {dish}",
        "How to make {dish} [at home|from scratch|in under an hour]",
        "My favorite {dish} [recipe|method]",
        "{dish}: [a reader favorite|a cozy classic|perfect for busy evenings]",
    ],
    "sections": [
        (None, ["recipe_intro"]),
        (
            ["Why this recipe works", "About this dish", "A little background"],
            ["recipe_intro", "recipe_tips"],
        ),
        (["Ingredients", "What you will need", "Shopping notes"], ["ingredients"]),
        (["Method", "Step by step", "How to make it"], ["steps"]),
        (["Tips and variations", "Cook's notes", "Variations"], ["recipe_tips"]),
        (["Serving and storing", "To serve", "Leftovers"], ["serving"]),
    ],
    "pools": {
        "recipe_intro": [
            "This {dish} has been on our table [at least once a week|almost every weekend|more often than I "
            "care to admit] since [last winter|the children were small|I first tried it at a friend's "
            "house].",
            "There is something [deeply|wonderfully|quietly] comforting about a dish that fills the kitchen "
            "with the smell of {herb} and [slowly cooking|gently roasting|simmering] {extra}.",
            "I first made this on a [rainy|cold|hectic] {weekday} when there was [little|almost nothing] in "
            "the fridge except {main} and a few {extra}.",
            "It is the kind of [meal|dish|supper] that looks [impressive|generous|rather special] on the "
            "table but asks [very little|surprisingly little] of the cook.",
            "Readers often ask me for [dishes|recipes|meals] that can be prepared ahead, and this one "
            "[reheats beautifully|keeps well for several days|tastes even better the next day].",
            "My [grandmother|aunt|mother] made a version of this with whatever was [growing in her garden|"
            "left in the larder|cheap at the market], and I still think of her every time I cook it.",
            "The method is [forgiving|straightforward|relaxed], so it is a good choice if you are [new to "
            "cooking|feeding a crowd|short of time].",
            "[Over the years|Since then|Little by little] I have [tweaked|simplified|adjusted] the recipe, "
            "and this is the version my family [asks for|prefers|keeps coming back to].",
            "If you have never cooked with {herb} before, this is a [gentle|friendly|lovely] place to start.",
            "[On cold evenings|After a long day|When friends drop by unexpectedly], this is the recipe I "
            "[reach for|turn to|come back to] first.",
            "{person}, a reader from {town}, [sent me her version|wrote to ask about swaps|asked me to share "
            "it], which [finally pushed me|reminded me] to write it down properly.",
        ],
        "ingredients": [
            "You will need about {int:400:900} grams of {main}, a [generous|good] handful of {herb} and [a "
            "few|several] {extra}.",
            "Choose {main} that [look fresh and smell clean|are firm and brightly colored|come from a local "
            "supplier if possible], because [the whole dish depends on them|they carry most of the flavor].",
            "If you cannot find fresh {herb}, [a teaspoon of the dried version|a pinch of dried herbs] works "
            "[almost as well|perfectly well].",
            "A good pinch of [salt|sea salt] and some freshly ground black pepper [are|will be] all the "
            "seasoning [most people|you] need.",
            "[Olive oil|Butter|A neutral oil such as sunflower] gives the best flavor here, but [use what "
            "you have|any cooking fat will do].",
            "Most of the other ingredients are probably already [in your cupboard|in the pantry|somewhere in "
            "your kitchen].",
            "[Buy|Pick up] the {extra} [on the day|a day ahead|from the market if you can], since [they lose "
            "their flavor quickly|fresh ones make a real difference].",
            "A [splash|small glass] of [stock|white wine|water] helps [loosen the pan|bring everything "
            "together] toward the end.",
            "[Swap|Replace] the {extra} for [whatever is in season|frozen vegetables|a tin of beans] if "
            "[money is tight|you are in a hurry|the shops have run out].",
        ],
        "steps": [
            "Start by heating the oven to {int:170:220} degrees and [lining|greasing] a [large tray|deep "
            "dish|roasting tin].",
            "Chop the {extra} into [even|similar|bite-sized] pieces so that they cook at the same rate.",
            "Season the {main} [well|generously] and set aside for [ten|fifteen|twenty] minutes while you "
            "[prepare everything else|wash up|set the table].",
            "Warm a splash of oil in a heavy pan and cook the onions [slowly|gently|over a low heat] until "
            "they are [soft and golden|sweet and translucent].",
            "Add the {main} and {herb}, stir [well|gently] and let everything {method} for about {int:20:55} "
            "minutes.",
            "Check the seasoning toward the end and add [a little more salt|a squeeze of lemon|a pinch of "
            "sugar] if it [needs brightening|tastes flat].",
            "Keep an eye on the pan during the last few minutes, because the edges can [catch|burn] "
            "[quickly|in no time].",
            "Let the dish rest for [five|ten] minutes before serving so [the juices can settle|it firms up a "
            "little].",
            "If the sauce looks too thick, loosen it with [a little water|a ladle of stock|a splash of "
            "milk].",
            "[Meanwhile|While that cooks], [toast the {extra}|warm the plates|make a quick salad] so "
            "everything is ready at the same time.",
            "[Taste as you go|Trust your nose], because ovens and pans vary more than recipes admit.",
            "[Scatter|Sprinkle] the remaining {herb} over the top just before it goes to the table.",
        ],
        "recipe_tips": [
            "For a vegetarian version, [swap the {main} for roasted squash|leave out the {main} and add "
            "beans|use mushrooms instead of the {main}].",
            "Doubling the quantities is easy, although you may need a [larger pan|second tray] and [a few|"
            "ten] extra minutes.",
            "Children tend to love this dish, especially if you [let them help with the chopping|serve it "
            "with crusty bread|add a little grated cheese on top].",
            "A squeeze of [lemon|lime] at the end [lifts|brightens] all the other flavors.",
            "Do not be tempted to rush the first step, because [slow cooking|patience] builds the depth of "
            "flavor.",
            "Leftover {herb} can be [chopped and frozen in ice cube trays|dried on a sunny windowsill|"
            "stirred into butter] for later.",
            "[A friend|My neighbor|One reader] adds [a spoonful of mustard|a handful of olives|some smoked "
            "paprika], which I can recommend.",
            "If you are cooking for someone with allergies, check [the stock cube|any ready-made sauces|the "
            "bread] carefully.",
        ],
        "serving": [
            "Serve it with [a crisp green salad|steamed rice|warm flatbreads|buttered greens] and [a glass "
            "of something cold|plenty of napkins].",
            "Leftovers keep in the fridge for up to [two|three] days in a covered container.",
            "This recipe serves {count:4:6} people generously, or {count:2:3} hungry adults with leftovers "
            "for lunch.",
            "It also freezes well, so I often make a double batch and [save half for a busy week|give some "
            "to a neighbor].",
            "Reheat [gently|slowly] until [piping hot all the way through|steaming in the middle].",
            "[At our house|In our family] it is always followed by [a pot of tea|fruit and yogurt|a walk "
            "around the block].",
        ],
    },
}

PLACES = [
    ("Castelvento", "coastal town", "harbor", "grilled sardines", "the old lighthouse"),
    ("Brackenridge", "mountain village", "valley", "smoked trout", "the stone bridge"),
    ("Port Alder", "island port", "bay", "crab cakes", "the fish market"),
    ("Valmora", "hill town", "vineyards", "wild mushroom pasta", "the cathedral square"),
    ("Lake Tessin", "lakeside resort", "lake", "perch with butter sauce", "the waterfront promenade"),
    ("Kiraly", "river city", "river", "paprika stew", "the covered market"),
    ("Sandhaven", "seaside village", "dunes", "fish soup", "the chalk cliffs"),
    ("Oberfeld", "alpine town", "glacier", "cheese dumplings", "the cable car"),
    ("Mirador", "desert oasis", "canyon", "slow-roasted lamb", "the old fort"),
    ("Greyhollow", "market town", "moorland", "game pie", "the abbey ruins"),
]

TRAVEL = {
    "titles": [
        "[Three days|A weekend|A week] in {place}: [what to see and eat|a slow travel guide|our itinerary]",
        "{place} travel guide: [where to stay|things to do|local tips]",
        "Why {place} [deserves a spot on your list|surprised us|is best visited in spring]",
        "Exploring the {feature} around {place}",
    ],
    "sections": [
        (None, ["arrival"]),
        (["Getting there", "Arriving", "First impressions"], ["arrival"]),
        (["What to see", "Sights", "Highlights"], ["sights"]),
        (["Where to eat", "Food and drink", "Eating well"], ["food"]),
        (["Practical tips", "Good to know", "Planning your trip"], ["practical"]),
        (["Final thoughts", "Would we go back?", "Reflections"], ["reflect"]),
    ],
    "pools": {
        "arrival": [
            "We arrived in {place} on a [bright|misty|windy] {month} morning, after a long [train|bus|ferry] "
            "journey through [rolling farmland|pine forests|a string of small villages].",
            "{place} is a {ptype} that [rarely appears|seldom features] in the big guidebooks, which is "
            "[part of its charm|exactly why we went].",
            "The first thing you notice is the {feature}, which seems to shape [everything about daily life|"
            "the rhythm of every day] here.",
            "Most visitors come for [a day|an afternoon], but we found that [three|four] nights was [just "
            "about right|barely enough].",
            "Our host, {person}, met us at the [station|quay|bus stop] and walked us [through the narrow "
            "streets|up the hill] to a small guesthouse with a view of the {feature}.",
            "The bus from the nearest city takes about {count:2:4} hours and runs [twice a day|every "
            "morning|several times a day in summer].",
            "[We had been told|Friends had warned us] that {place} was [sleepy|quiet|a little "
            "old-fashioned], and [that turned out to be true in the best way|it was not quite what we "
            "expected].",
            "[Driving in|Walking in from the station], we [passed|followed] the {feature} [for several "
            "kilometers|most of the way] before the rooftops came into view.",
        ],
        "sights": [
            "Do not miss {sight}, especially in the [early evening|early morning] when the light turns "
            "[gold|soft and pink].",
            "A [gentle|well-marked|popular] walking trail follows the {feature} for several kilometers and "
            "is suitable for most fitness levels.",
            "The small local museum tells the story of the town through [photographs, tools and old maps|the "
            "letters of local families|a collection of model boats].",
            "On {weekday} mornings, a lively market fills the main square with [farmers, bakers and craft "
            "stalls|flower sellers and cheese makers].",
            "We hired bicycles for a day and explored the villages nearby, stopping whenever [something "
            "caught our eye|we smelled fresh bread].",
            "Climb to the top of the hill behind the town for the best views, but [bring water|go early] "
            "because there is little shade.",
            "A boat trip on the {feature} is worth the modest fare, and the guides are full of [stories|"
            "local gossip|history].",
            "[The old church|A tiny chapel|The town hall] has [painted ceilings|a carved wooden door|a bell "
            "tower] that [most visitors walk straight past|is worth ten quiet minutes].",
            "[Late in the afternoon|Just before sunset], the [locals|families] gather near {sight} to [chat|"
            "stroll|watch the world go by].",
        ],
        "food": [
            "The local speciality is {food}, and [almost every restaurant|every family] has its own version.",
            "We had our best meal at a tiny [family-run|unassuming] place near {sight}, where the menu "
            "[changes with the seasons|is written on a chalkboard].",
            "Bakeries open early, and a warm pastry with strong coffee became our [daily ritual|favorite "
            "part of the morning].",
            "Portions are generous, so consider sharing [a few plates|several dishes] if you want to try "
            "more.",
            "Dinner is served late here, and many kitchens do not open until [after seven|eight] in the "
            "evening.",
            "If you are self-catering, the market has excellent [cheese, bread and fruit|olives and cured "
            "meats|vegetables and honey].",
            "Ask for the [dish of the day|house wine|homemade dessert], which is [rarely on the menu|always "
            "a good choice|usually a bargain].",
            "[Our waiter|The owner], a cheerful man called {person}, insisted we try {food} [before leaving|"
            "on our last night], and he was right.",
        ],
        "practical": [
            "The town is small enough to explore on foot, but comfortable shoes are essential on the "
            "[cobbles|steep lanes].",
            "[Spring|Early autumn] is the most pleasant time to visit, when the weather is mild and the "
            "crowds are thin.",
            "Many smaller shops close in the middle of the day, so plan your errands for the [morning|late "
            "afternoon].",
            "A few words of the local language go a long way and are [always|warmly] appreciated.",
            "Book accommodation [early|well ahead] if you plan to visit during the summer festival.",
            "Mobile coverage can be patchy near the {feature}, so download maps before you set out.",
            "[Cash is still king|Card payments are not universal] in the smaller cafes, so carry [a little|"
            "some] money.",
            "Public transport is [limited|infrequent] on Sundays, which is worth knowing if you [are "
            "catching a train|plan day trips].",
        ],
        "reflect": [
            "We left {place} feeling [rested|refreshed|slightly sunburned] and already planning a return "
            "trip.",
            "It is not a place for nightlife or luxury, but it rewards travelers who like to [slow down|"
            "wander without a plan].",
            "What stayed with us most was the [warmth|kindness|good humor] of the people we met along the "
            "way.",
            "Next time we hope to stay longer and explore more of the [countryside|villages] around the "
            "{feature}.",
            "If you enjoy quiet places with a strong sense of history, you will probably [love it|feel at "
            "home] too.",
            "[Would we go back?|Would we return?] [Without hesitation.|In a heartbeat.|Yes, but in spring "
            "next time.]",
        ],
    },
}

PLANTS = [
    (
        "tomatoes",
        "vegetable",
        "aphids",
        "a sunny, sheltered spot",
        "late spring",
        [
            "Remove the side shoots that grow between the main stem and the leaves of cordon varieties.",
            "Tomatoes split when watering is irregular, so try to keep the soil evenly moist.",
        ],
    ),
    (
        "runner beans",
        "vegetable",
        "slugs",
        "a sunny bed with tall supports",
        "early summer",
        [
            "Build a sturdy frame of canes before planting, because a full crop is surprisingly heavy.",
            "Flowers that fail to set are often a sign of dry roots or very hot nights.",
        ],
    ),
    (
        "lavender",
        "shrub",
        "root rot",
        "poor, well-drained soil in full sun",
        "spring",
        [
            "Trim lavender after flowering, but never cut back into old, bare wood.",
            "Bees adore the flowers, so plant it near the vegetable patch to help pollination.",
        ],
    ),
    (
        "roses",
        "shrub",
        "black spot",
        "rich soil with good air flow",
        "autumn",
        [
            "Deadhead regularly through summer to encourage a second flush of flowers.",
            "Bare-root roses are cheaper than potted ones and establish quickly in cool weather.",
        ],
    ),
    (
        "garlic",
        "vegetable",
        "rust",
        "an open bed with loose soil",
        "autumn",
        [
            "Plant individual cloves pointy end up, just below the surface.",
            "Garlic needs a spell of cold weather to form proper bulbs.",
        ],
    ),
    (
        "strawberries",
        "fruit",
        "birds",
        "a raised bed or container",
        "spring",
        [
            "Tuck straw under the ripening fruit to keep it clean and dry.",
            "Replace plants every three or four years, because older ones crop poorly.",
        ],
    ),
    (
        "sweet peas",
        "flower",
        "mice",
        "a sunny fence or trellis",
        "early spring",
        [
            "The more you pick sweet peas, the more flowers they produce.",
            "Soak the hard seeds overnight before sowing to help them germinate.",
        ],
    ),
    (
        "courgettes",
        "vegetable",
        "powdery mildew",
        "a generous patch of rich soil",
        "early summer",
        [
            "One or two courgette plants are plenty for most households.",
            "Pick the fruit small, because they turn into marrows almost overnight.",
        ],
    ),
    (
        "basil",
        "herb",
        "whitefly",
        "a warm windowsill or greenhouse",
        "late spring",
        [
            "Pinch out the growing tips to keep basil bushy and stop it flowering.",
            "Water basil in the morning rather than at night, as it hates cold, wet roots.",
        ],
    ),
    (
        "dahlias",
        "flower",
        "earwigs",
        "a bright border with deep soil",
        "late spring",
        [
            "In colder areas, lift the tubers in autumn and store them somewhere frost free.",
            "Tall varieties need staking early, before the stems become heavy with flowers.",
        ],
    ),
    (
        "potatoes",
        "vegetable",
        "blight",
        "an open plot with deep soil",
        "spring",
        [
            "Earth up the stems as they grow so the tubers stay covered and do not turn green.",
            "Early varieties are ready when the plants flower, while main crops take longer.",
        ],
    ),
    (
        "rhubarb",
        "fruit",
        "crown rot",
        "a damp, fertile corner",
        "autumn",
        [
            "Do not harvest rhubarb in its first year, so the crown can build strength.",
            "Pull the stalks with a gentle twist rather than cutting them.",
        ],
    ),
]

GARDENING = {
    "titles": [
        "How to grow {plant} [in a small garden|from seed|without fuss]",
        "Growing {plant}: [a beginner's guide|tips from the allotment|what I learned this year]",
        "[Common problems|Mistakes to avoid] when growing {plant}",
        "The gardener's diary: {plant} in {month}",
    ],
    "sections": [
        (None, ["garden_intro"]),
        (["Choosing a spot", "Site and soil", "Where to plant"], ["soil", "plant_tips"]),
        (["Planting", "Sowing and planting", "Getting started"], ["planting"]),
        (
            ["Watering and feeding", "Care through the season", "Looking after your plants"],
            ["care", "plant_tips"],
        ),
        (["Pests and problems", "Troubleshooting", "Common problems"], ["pests"]),
        (["Harvest", "Enjoying the results", "At the end of the season"], ["harvest"]),
    ],
    "pools": {
        "garden_intro": [
            "Few things are as satisfying as growing your own {plant}, and they are [easier than many people "
            "think|more forgiving than their reputation suggests].",
            "I have grown {plant} on my [allotment|back garden plot|balcony] for [six|eight|twelve] years, "
            "with some memorable successes and [a few|the occasional] disaster.",
            "If you have only a balcony or a few pots, do not let that [stop you from trying|put you off].",
            "This guide covers the basics, from choosing a spot to dealing with the problems that [most "
            "often catch beginners out|tend to appear in a wet summer].",
            "Every garden is different, so treat these notes as a starting point and [learn from your own "
            "plot|keep your own records].",
            "[My neighbor|An old allotment friend], {person}, [taught me most of what I know|first persuaded "
            "me to try] about {plant}.",
            "[This year|Last season] was [a good one|a difficult one] for {plant} here in {town}, so it "
            "seemed a good moment to write things down.",
        ],
        "soil": [
            "{plant_cap} do best in {spot}.",
            "Dig in plenty of [well-rotted compost|garden compost|leaf mould] before planting to improve the "
            "structure of the soil.",
            "Heavy clay soils can be opened up with grit and organic matter, although it takes [a few "
            "seasons|patience].",
            "Avoid [low corners|hollows] of the garden where frost and cold air tend to collect.",
            "A simple soil test kit will tell you whether your ground is [acidic or alkaline|short of "
            "nutrients].",
            "Raised beds warm up faster in spring and drain [well|quickly] after heavy rain.",
            "[Weed the bed thoroughly|Clear perennial weeds] before planting, because [they compete for "
            "water|roots left behind will come back].",
        ],
        "planting": [
            "The best time to plant {plant} is in {season}, once the soil has warmed a little.",
            "Space the plants about {int:20:60} centimeters apart so that air can [move freely|circulate] "
            "between them.",
            "Water the planting holes before you set the young plants in place, then firm the soil [gently|"
            "lightly] around them.",
            "Seeds can be started indoors [a few|four to six] weeks early and moved outside when the weather "
            "settles.",
            "Label each row clearly, because it is [surprisingly easy|all too easy] to forget what you "
            "planted where.",
            "Harden off young plants by putting them outside for a few hours each day for about [a week|ten "
            "days].",
            "[Sow a few extra|Keep a couple of spare plants] in case [slugs|a late frost] take the first "
            "ones.",
        ],
        "care": [
            "Water deeply [once or twice a week|every few days in dry spells] rather than giving a little "
            "every day.",
            "A layer of [mulch|bark chips|grass clippings] helps the soil hold moisture and keeps weeds "
            "under control.",
            "Feed every [two|three] weeks with a liquid fertilizer once the first flowers appear.",
            "Pinch out weak growth to direct the plant's energy into the [strongest stems|main shoots].",
            "In hot spells, water [early in the morning|in the evening] to reduce evaporation.",
            "Check ties and supports regularly, because stems can snap in [strong winds|summer storms].",
            "[A comfrey feed|Homemade nettle tea] is a cheap alternative to shop-bought fertilizer, although "
            "it smells dreadful.",
        ],
        "pests": [
            "The most common problem with {plant} is {pest}, which is easier to prevent than to cure.",
            "Inspect the leaves every few days, paying attention to the undersides where pests like to hide.",
            "Encouraging [birds, frogs and ladybirds|hedgehogs and beetles] into the garden provides natural "
            "pest control.",
            "Remove and dispose of any diseased leaves promptly, but do not add them to the compost heap.",
            "Crop rotation helps to stop soil-borne problems from building up [year after year|over time].",
            "A simple net or fleece cover can protect young plants during their most vulnerable weeks.",
            "[In a wet summer|After a mild winter], {pest} can be [especially troublesome|worse than usual], "
            "so stay alert.",
        ],
        "harvest": [
            "Pick regularly, because the more you harvest, the more the plants tend to produce.",
            "The first {plant} of the season always [taste|seem] the best, or at least it feels that way.",
            "At the end of the season, clear away old plants and sow a green manure to protect the soil over "
            "winter.",
            "Keep notes on what worked and what did not, so next year's garden is even better.",
            "Surplus crops make welcome gifts for [neighbors and friends|the local food bank].",
            "[Share|Swap] seeds and cuttings with other growers, which is [half the fun|how most of us "
            "started].",
        ],
    },
}

TEAMS = word_list(
    "Riverton Rovers|Ashford Athletic|Millbrook United|Harbor City Hawks|Eastvale Wanderers|Northfield Town|"
    "Kingsport Comets|Westbury Rangers|Oakdale Foxes|Stonehill Saints|Lakeside Lions|Fairhaven Falcons",
    sep="|",
)

SPORTS = {
    "titles": [
        "{home} [beat|edge past|overcome] {away} {score} [in a thriller|to keep title hopes alive|at home]",
        "Match report: {home} {score} {away}",
        "[Late drama|Second-half comeback|Comfortable win] as {home} [see off|defeat] {away}",
        "{home} vs {away}: [talking points|five things we learned|player ratings and analysis]",
    ],
    "sections": [
        (None, ["match_open"]),
        (["First half", "The opening exchanges", "Early pressure"], ["first_half"]),
        (["Second half", "After the break", "The turning point"], ["second_half"]),
        (["Key players", "Standout performers", "Who impressed"], ["players"]),
        (["What the coaches said", "Reaction", "Post-match comments"], ["sport_quotes"]),
        (["What it means", "The table", "Looking ahead"], ["sport_next"]),
    ],
    "pools": {
        "match_open": [
            "{home} [claimed|secured|earned] a {score} victory over {away} in front of a crowd of about "
            "{big:4000:38000} on {weekday} evening.",
            "It was a [tense|lively|scrappy|gripping] contest that was not settled until the [final minutes|"
            "last kick of the game].",
            "The result lifts {home} to [second|third|fourth] in the table and extends their unbeaten run to "
            "{count:3:9} matches.",
            "{away} arrived with confidence after a strong run of form, but they rarely looked [comfortable|"
            "settled|like themselves].",
            "[Heavy rain|A strong wind|A bumpy pitch] made life difficult before kickoff, and both sides "
            "struggled to find their rhythm.",
            "[Few|Not many] people expected {home} to [win|get anything from the game] after their [poor|"
            "patchy] start to the season.",
        ],
        "first_half": [
            "{home} started brightly, and {player} forced a [fine|sharp|diving] save from the goalkeeper "
            "inside the first [ten|fifteen] minutes.",
            "{away} gradually grew into the game and began to control possession in midfield.",
            "The opening goal came [midway through the half|just before the half hour] when {player} "
            "finished calmly after a [quick passing move|long throw|mistake at the back].",
            "A long-range effort from {player} struck the [crossbar|post] just before the interval.",
            "The referee waved away [two|a couple of] penalty appeals, much to the frustration of the home "
            "supporters.",
            "Both teams pressed high, and the game was played at a [frantic|breathless] pace for long "
            "spells.",
            "[Chances were rare|Clear openings were scarce] until {player} [burst down the left|found space "
            "on the edge of the box] and [forced a corner|tested the goalkeeper].",
        ],
        "second_half": [
            "{away} made [two|three] changes at the break and looked far more dangerous after the restart.",
            "The equalizer arrived [just after the hour|with twenty minutes left], when a corner was headed "
            "in at the [near|far] post.",
            "{player} restored the lead with a low shot that skidded past the goalkeeper.",
            "In the closing stages, {away} threw everyone forward but could not find a way through.",
            "A late substitution proved decisive, as {player} set up the winning goal within minutes of "
            "coming on.",
            "The home defense held firm under heavy pressure, blocking several shots in the final minutes.",
            "[A red card|An injury to the captain] changed the [shape|mood] of the game with [fifteen|"
            "twenty] minutes left.",
        ],
        "players": [
            "{player} was the outstanding performer, covering every blade of grass and creating several "
            "chances.",
            "The young goalkeeper, {player}, made a string of important saves and looks ready for a regular "
            "place.",
            "{player}, playing in an unfamiliar position, adapted [well|quickly] and read the game "
            "intelligently.",
            "Captain {player} led by example and organized the back line with calm authority.",
            "It was a quieter afternoon for {player}, who was well marked and saw little of the ball.",
            "[On the wing|In midfield], {player} was a constant threat and [deserved a goal|could have had a "
            "hat trick].",
        ],
        "sport_quotes": [
            '"I am proud of the way the players responded after a difficult start," said {home} coach '
            "{coach}.",
            '"We made too many mistakes, and at this level you get punished," admitted {away} coach {coach}.',
            "{coach} praised the supporters, saying their noise carried the team through the [final minutes|"
            "difficult spells].",
            '"The dressing room is happy, but there is [a lot of work|plenty] still to do," the coach added.',
            "The visiting manager said the team would [review the footage|watch the game again] and learn "
            "from the defeat.",
            '"[That is football|Sometimes you need a bit of luck]," {coach} said with a shrug when asked '
            "about the decisive moment.",
        ],
        "sport_next": [
            "{home} travel to face {other} next weekend, while {away} host {other2}.",
            "With {count:6:14} matches remaining, the race for the top places remains wide open.",
            "Injuries are starting to pile up, and the coach will hope for some good news from the medical "
            "staff.",
            "Ticket sales for the next home game are already [strong|brisk] after this performance.",
            "The two sides meet again in the cup next month, which promises to be another close contest.",
            "[Supporters|Fans] will be hoping this result [marks a turning point|is the start of a run] for "
            "{home}.",
        ],
    },
}

SCIENCE_PACKS = {
    "how rainbows form": [
        "A rainbow appears when sunlight enters raindrops, bends, reflects off the back of each drop and "
        "bends again on the way out.",
        "Because each color of light bends by a slightly different amount, white light spreads into a band "
        "of colors.",
        "You can only see a rainbow when the sun is behind you and the rain is in front of you.",
        "The center of the arc is always directly opposite the sun, at a point called the antisolar point.",
        "A fainter second rainbow sometimes appears outside the first, with its colors in reverse order.",
        "The sky between the two bows often looks darker, an effect first described many centuries ago.",
        "From an aircraft, a rainbow can appear as a complete circle rather than an arc.",
        "Garden hoses and waterfalls can produce small rainbows for exactly the same reason.",
    ],
    "why leaves change color": [
        "Leaves are green because they contain chlorophyll, the pigment plants use to capture light.",
        "As days shorten in autumn, trees stop making chlorophyll and the green slowly fades.",
        "Yellow and orange pigments that were present all along become visible as the green disappears.",
        "Red and purple colors come from other pigments that some trees produce in autumn.",
        "Sunny days and cool nights tend to produce the brightest displays.",
        "Eventually a layer of cells forms at the base of each leaf stalk and the leaf falls.",
        "Evergreen trees keep their needles because they are tough and waxy enough to survive winter.",
        "A dry summer can make leaves turn brown and drop early instead of showing bright colors.",
    ],
    "how tides work": [
        "Tides are caused mainly by the gravitational pull of the moon on the oceans.",
        "The water bulges on the side of the Earth facing the moon and also on the opposite side.",
        "As the Earth turns, most coastlines pass through two high tides and two low tides each day.",
        "When the sun and moon line up, their combined pull produces larger spring tides.",
        "When they pull at right angles, the difference between high and low water is smaller.",
        "The shape of the coastline can greatly amplify tides in some bays and estuaries.",
        "High tide arrives about fifty minutes later each day because the moon moves along its orbit.",
        "Some enclosed seas have almost no tide at all because they are cut off from the open ocean.",
    ],
    "how vaccines train the immune system": [
        "A vaccine shows the immune system a harmless version or piece of a germ.",
        "The body responds by producing antibodies and memory cells that recognize that germ.",
        "If the real germ arrives later, the immune system can respond much faster.",
        "Some vaccines need booster doses because immune memory fades over time.",
        "When enough people are immune, it becomes harder for a disease to spread through a community.",
        "Vaccines are tested in large trials before they are approved for general use.",
        "A sore arm or mild tiredness after a vaccine is a sign that the immune system is responding.",
        "Smallpox was eradicated worldwide after a long vaccination campaign.",
    ],
    "how bats find their way in the dark": [
        "Many bats navigate using echolocation, sending out high-pitched calls and listening for the echoes.",
        "The returning sound tells the bat how far away an object is and even how large it is.",
        "Most of these calls are too high for human ears to hear.",
        "Some bats can detect insects as thin as a human hair while flying at speed.",
        "Fruit bats often rely more on their eyesight and sense of smell than on echolocation.",
        "Bats play an important role in controlling insects and pollinating plants.",
        "A single small bat can eat hundreds of midges in one night.",
        "Bat detectors turn the calls into clicks that people can hear on an evening walk.",
    ],
    "what causes earthquakes": [
        "The outer layer of the Earth is broken into large plates that move very slowly.",
        "Where plates meet, stress builds up along faults until the rock suddenly slips.",
        "The energy released travels through the ground as seismic waves.",
        "Scientists measure the size of earthquakes with instruments called seismometers.",
        "Most earthquakes are too small to be felt, but a few each year cause serious damage.",
        "Building codes that require flexible structures have saved many lives in earthquake zones.",
        "Aftershocks can continue for weeks or months after a large earthquake.",
        "Earthquakes under the sea can push up huge volumes of water and trigger a tsunami.",
    ],
    "why bread rises": [
        "Bread rises because yeast feeds on sugars in the dough and releases carbon dioxide.",
        "Kneading develops gluten, a stretchy network of proteins that traps the gas.",
        "Warm conditions speed up the yeast, while cold conditions slow it down.",
        "In the oven, the trapped gas expands and the yeast gives a final burst of activity.",
        "The crust browns because of reactions between sugars and proteins at high temperature.",
        "A long, slow rise usually gives bread a deeper flavor.",
        "Sourdough uses wild yeasts and bacteria instead of a packet of dried yeast.",
        "Too much salt can slow the yeast down, which is why recipes measure it carefully.",
    ],
    "why the sea is salty": [
        "Rain slowly dissolves minerals from rocks on land, and rivers carry them to the sea.",
        "When seawater evaporates, the water leaves but the salt stays behind.",
        "Over millions of years, this process has made the oceans salty.",
        "Vents on the sea floor also add minerals to the water.",
        "Some enclosed seas are much saltier than the open ocean because of high evaporation.",
        "Salt content affects the density of water and helps drive ocean currents.",
        "Rivers taste fresh because the minerals they carry are very dilute.",
        "Near melting ice, the surface water can be noticeably less salty than elsewhere.",
    ],
}

SCIENCE = {
    "titles": [
        "Explainer: {subject}",
        "[Curious kids ask|Science made simple|Everyday science]: {subject}",
        "The science of everyday things: {subject}",
    ],
    "sections": [
        (None, ["sci_intro"]),
        (["The short answer", "The basics", "What is going on"], ["pack"]),
        (["A closer look", "The details", "Going deeper"], ["pack", "sci_generic"]),
        (["Try it yourself", "An experiment at home", "See for yourself"], ["sci_try"]),
        (["Why it matters", "The bigger picture"], ["sci_generic"]),
    ],
    "pools": {
        "sci_intro": [
            "It is one of those questions that [children|curious readers|people of all ages] ask, and the "
            "answer turns out to be [surprisingly elegant|simpler than you might think|full of surprises].",
            "Most of us have noticed this at some point, but few of us [stop to wonder|ask ourselves] why it "
            "happens.",
            "This week's question came from [a reader|a teacher|a ten-year-old] in {town}, who wanted to "
            "understand {subject}.",
            "Scientists have studied this for [well over a century|generations], and the basic explanation "
            "is now well understood.",
            "[My daughter|A neighbor's son|A student at the library] asked me about this [over breakfast|on "
            "a walk|last week], and I realized I could not explain it properly.",
        ],
        "sci_generic": [
            "Like many natural processes, it depends on a few simple rules working together on a [large|"
            "vast] scale.",
            "Researchers still [argue|disagree] about some of the finer details, which is how science moves "
            "forward.",
            "Careful observation, repeated over [many years|decades], is what allowed scientists to piece "
            "the story together.",
            "Understanding the process helps [engineers, doctors and farmers|planners and teachers] make "
            "better decisions.",
            "The same principles turn up in many other places once you know what to look for.",
            "Modern instruments allow researchers to measure effects that earlier scientists could only "
            "[guess at|dream of].",
            "[Dr.|Professor] {person}, who studies the subject at a university in {city}, says the basic "
            "idea [is easy to grasp|has been known for a long time] but the details keep surprising people.",
        ],
        "sci_try": [
            "You can explore this at home with a few simple materials and [an adult to help|a notebook].",
            "Keep a notebook and write down what you see each time, just as a scientist would.",
            "Change one thing at a time so you can tell which change made the difference.",
            "Try the experiment at different times of day and compare your results.",
            "Share your observations with [friends|classmates] and see whether they notice the same thing.",
            "[Take photographs|Make simple drawings] as you go, because memory is less reliable than we "
            "think.",
        ],
    },
}

LANDMARKS = {
    "corn exchange": [
        "Farmers once gathered in the corn exchange every Thursday to haggle over the price of wheat and "
        "barley.",
        "The great glass roof of the corn exchange let traders inspect the grain in natural light.",
        "After the grain trade moved elsewhere, the corn exchange became a dance hall and later a cinema.",
        "Carved ears of wheat still decorate the stone entrance.",
    ],
    "clock tower": [
        "The clock tower was paid for by shopkeepers who were tired of arguing about the time.",
        "Its bell could be heard across the fields, calling workers to the mill each morning.",
        "For decades a single family wound the clock by hand every Sunday.",
        "The four faces of the clock were lit by gas until electricity arrived.",
    ],
    "old mill": [
        "The old mill once ground flour for villages up to a day's walk away.",
        "Its wooden water wheel was replaced by an iron one after a winter flood smashed the original.",
        "Children were employed at the mill, a fact recorded without comment in the parish books.",
        "The millpond behind the building is now a haven for ducks and dragonflies.",
    ],
    "market hall": [
        "The market hall stands on stone arches, so that traders could set out their stalls in the shade "
        "below.",
        "Butter, eggs and poultry were sold upstairs, while cattle were sold in the street outside.",
        "The weights and measures used in the hall were checked each year by an inspector from the county.",
        "A plaque records the names of the merchants who paid for the building.",
    ],
    "stone bridge": [
        "The stone bridge replaced a ford that had claimed several lives in winter floods.",
        "Tolls collected at the bridge paid for its upkeep for more than a century.",
        "Its five arches are so narrow that only one cart could cross at a time.",
        "A stone carved with the builder's mark can still be seen on the downstream side.",
    ],
}

HISTORY = {
    "titles": [
        "The forgotten history of {town}'s {landmark}",
        "How {town} grew from a {origin} into a busy market town",
        "[Local history|From the archives]: {landmark} through the centuries",
    ],
    "sections": [
        (None, ["hist_intro"]),
        (["Early days", "Origins", "Beginnings"], ["hist_early"]),
        (["Growth and change", "A busy century", "Years of expansion"], ["hist_growth", "landmark"]),
        (["Hard times", "Decline", "War and change"], ["hist_decline"]),
        (["Today", "The landmark today", "Remembering the past"], ["hist_today", "landmark"]),
    ],
    "pools": {
        "hist_intro": [
            "Few people who walk past the {landmark} today know the [remarkable|curious|surprising] story "
            "behind it.",
            "Records held at the [county archive|parish office|town museum] shed new light on how {town} "
            "came to be.",
            "Local historian {person} has spent [ten|fifteen|twenty] years piecing together the story from "
            "[letters, maps and parish records|old newspapers and photographs].",
            "The story of the {landmark} is also the story of the families who [lived and worked|traded and "
            "worshipped] around it.",
            "[A box of letters|An old diary|A bundle of deeds] found in a [loft|solicitor's office] in "
            "{town} has [added new detail|filled several gaps] in the story.",
        ],
        "hist_early": [
            "In the {century} century, {town} was little more than a {origin} beside a shallow river "
            "crossing.",
            "The first written mention of the settlement appears in a [land survey|tax record] from the "
            "{century} century.",
            "Farmers brought [sheep and grain|wool and cheese] to a weekly market that slowly attracted "
            "traders from further afield.",
            "A small chapel was built on the hill, and its foundations can still be traced in the "
            "churchyard.",
            "The river provided power for a mill, which became the heart of the village economy.",
            "[Travelers|Drovers] heading to the coast often stopped at {town}, and several inns grew up "
            "along the main road.",
            "[A charter granted|Permission given] by the lord of the manor allowed {town} to hold [an annual "
            "fair|a Thursday market], which [drew crowds|brought in welcome rents] for centuries.",
            "[Most|Nearly all] of the early houses were built of [timber and thatch|local stone], and [only "
            "a handful|very few] survive today.",
        ],
        "hist_growth": [
            "The arrival of the railway transformed the town, bringing [visitors, goods and new industries|"
            "new workers and new money].",
            "By the end of the century, the population had grown to [several thousand|nearly ten thousand] "
            "people.",
            "The {landmark} was built during this period, funded by [public subscription and a wealthy "
            "benefactor|a group of local merchants].",
            "Rows of brick cottages were built for workers at the new [factories along the canal|brickworks "
            "and tanneries].",
            "A school, a library and a reading room opened within a few years of one another.",
            "Local newspapers from the time describe lively fairs, brass bands and crowded market days.",
            "[Photographs|Postcards] from the period show the {landmark} [decorated with flags|surrounded by "
            "market stalls] on festival days.",
            "[A local builder|An architect from {city}] designed the {landmark} in a [plain|grand|rather "
            "fashionable] style that [delighted|divided] the townspeople.",
            "The town council [paid for|argued for years about] [gas lighting|a new water supply|paved "
            "streets], which finally arrived in the {late_century}.",
        ],
        "hist_decline": [
            "The closure of the mill hit the town hard, and many young families moved away to find work.",
            "During the war, the {landmark} was used as a [store|billet for soldiers] and later as a "
            "temporary school.",
            "A great flood damaged much of the lower town and destroyed records that can never be replaced.",
            "By the middle of the last century, the building had fallen into [disrepair|a sorry state].",
            "Plans to demolish it were [fiercely|stubbornly] opposed by residents, who formed a society to "
            "save it.",
            "[Road building|A new bypass] took traffic away from the old center, and several shops closed "
            "within a decade.",
            "[An outbreak of fever|A hard winter|A fire in the tannery] in the {late_century} [killed "
            "dozens|left many families homeless] and is still remembered in local songs.",
            "[Several|Many] of the {landmark}'s [original fittings|windows and doors] were [sold off|lost] "
            "during these years.",
        ],
        "hist_today": [
            "Today the {landmark} has been carefully restored and is open to visitors [on weekends|most "
            "afternoons].",
            "Volunteers run guided walks that bring the town's history to life for [schools and visitors|"
            "newcomers].",
            "A new exhibition uses old photographs and recorded memories of older residents.",
            "The society is still looking for letters, photographs and stories from local families.",
            "For many residents, the {landmark} remains a symbol of the town's [resilience|stubborn pride].",
            "[Weddings|Concerts|Craft fairs] are now held there [several times a year|most summers], which "
            "helps pay for its upkeep.",
            "[Schoolchildren|Local artists] recently [painted a mural|made a model] of the {landmark} as it "
            "looked [in its heyday|a century ago].",
            "[The society|A group of volunteers] hopes to [publish a booklet|open a small museum] about the "
            "{landmark} [next year|before its anniversary].",
        ],
    },
}

HOBBY_PACKS = {
    "birdwatching": (
        "a pair of binoculars",
        "field notebook",
        "identifying birds by their song",
        "a local nature reserve",
        [
            "Early mornings in spring are the best time to hear birds singing.",
            "A cheap feeder outside the kitchen window can teach you a surprising amount.",
            "Learn the common species first, so the rare ones stand out when they appear.",
        ],
    ),
    "film photography": (
        "a secondhand camera",
        "roll of film",
        "judging exposure without a meter",
        "the darkroom at the community center",
        [
            "Black and white film is forgiving and cheap to develop at home.",
            "Waiting a week to see your pictures teaches you to think before pressing the shutter.",
            "Keep unused film in the fridge, but let it warm up before loading it.",
        ],
    ),
    "knitting": (
        "a pair of bamboo needles",
        "ball of wool",
        "keeping an even tension",
        "the Thursday knitting circle at the library",
        [
            "A simple scarf is the classic first project for good reason.",
            "Counting stitches out loud feels silly but saves a lot of unpicking.",
            "Natural fibers such as wool are easier to work with than slippery synthetics.",
        ],
    ),
    "woodworking": (
        "a sharp chisel",
        "offcut of oak",
        "cutting a clean dovetail joint",
        "a shared workshop in town",
        [
            "Safety glasses and a dust mask matter more than any fancy tool.",
            "Practice joints on scrap wood before cutting into good timber.",
            "A blunt tool is more dangerous than a sharp one because it slips.",
        ],
    ),
    "board games": (
        "a well-worn rule book",
        "deck of cards",
        "teaching a new game to friends",
        "the monthly games night at the pub",
        [
            "Cooperative games are a gentle way to introduce reluctant players.",
            "Read the rules once alone before trying to explain them to a table.",
            "Short games with simple rules tend to get played the most.",
        ],
    ),
    "pottery": (
        "a simple wheel",
        "bag of clay",
        "centering the clay on the wheel",
        "an evening class at the art school",
        [
            "Hand building with coils and slabs is a good way to start before using a wheel.",
            "Wedging the clay removes air bubbles that could crack a pot in the kiln.",
            "Expect most early pieces to collapse, and enjoy the process anyway.",
        ],
    ),
    "astronomy": (
        "a small telescope",
        "star chart",
        "finding faint objects without a computer",
        "a dark field outside town",
        [
            "Binoculars are often a better first instrument than a cheap telescope.",
            "Give your eyes twenty minutes to adjust to the dark before looking for faint objects.",
            "The moon is most interesting when it is not full, because shadows reveal the craters.",
        ],
    ),
    "sourdough baking": (
        "a reliable starter",
        "bag of strong flour",
        "shaping a loaf with good tension",
        "the baking group that meets on Sundays",
        [
            "A kitchen scale makes baking far more consistent than cups and spoons.",
            "Your starter is ready when it doubles within a few hours of feeding.",
            "Dense loaves usually mean the dough needed more time to rise.",
        ],
    ),
}

HOBBY = {
    "titles": [
        "Getting started with {hobby}: [a beginner's guide|what I wish I had known|lessons from my first "
        "year]",
        "Why I fell in love with {hobby}",
        "{hobby_cap} for beginners: [tools, tips and common mistakes|how to begin without spending much]",
    ],
    "sections": [
        (None, ["hobby_intro"]),
        (["What you need", "Gear", "Getting equipped"], ["hobby_gear", "hobby_specific"]),
        (["First steps", "Learning the basics", "Practice"], ["hobby_learn", "hobby_specific"]),
        (["Common mistakes", "Things to avoid"], ["hobby_mistakes"]),
        (["Finding your people", "Community", "Going further"], ["hobby_community"]),
    ],
    "pools": {
        "hobby_intro": [
            "I took up {hobby} [three|five|seven] years ago [on a whim|after a difficult winter|when I "
            "retired], and it has become one of the great pleasures of my week.",
            "There is something [calming|absorbing] about a hobby that asks for patience and rewards "
            "attention.",
            "You do not need to be especially talented, just [curious|stubborn] and willing to make "
            "mistakes.",
            "My interest began when [a friend|my uncle|a colleague] lent me {tool} and told me to just have "
            "a go.",
            "This post collects the advice I wish someone had given me [at the very beginning|in my first "
            "month].",
            "[Plenty of|Many] readers have asked how to get into {hobby}, so here is [my honest answer|a "
            "simple starting plan].",
            "[Friends|My family] [laughed|raised an eyebrow] when I started, but [now they ask for lessons|"
            "they have since come round to it].",
            "[For me|In my case], {hobby} began as a way to [switch off from work|get away from screens|fill "
            "long winter evenings].",
        ],
        "hobby_gear": [
            "All you really need to begin is {tool} and a {material}.",
            "Resist the temptation to buy expensive equipment before you know what you [enjoy|really need].",
            "Secondhand shops and online groups are full of good gear at [fair|sensible] prices.",
            "Look after your tools, and they will last for [many years|decades].",
            "A small notebook is useful for recording what you tried and how it turned out.",
            "[Borrow before you buy|Try before you buy] if you can, because [tastes change|what suits one "
            "person may not suit another].",
            "[My first|The first] {material} I bought was [far too cheap|badly chosen], and [I learned|it "
            "taught me] more from that mistake than from any book.",
            "[Set up|Keep] a small [corner|shelf|box] for your things so that you can start [without fuss|in "
            "minutes] whenever you have a spare moment.",
        ],
        "hobby_learn": [
            "The hardest skill for most beginners is {skill}, and it simply takes [practice|time].",
            "Set aside a regular time each week, even if it is only [half an hour|twenty minutes].",
            "Start with simple projects and build up slowly as your confidence grows.",
            "Watching an experienced person for a few minutes can teach you more than [hours of reading|a "
            "dozen videos].",
            "Do not be discouraged by early failures, because everyone has them.",
            "Keep your first attempts, since it is encouraging to look back and see how far you have come.",
            "[Pick|Choose] one [small|simple] goal for each [session|week], such as [a single technique|one "
            "finished piece], and ignore everything else.",
            "[Libraries|Secondhand bookshops] often have [excellent|old but useful] guides that cost "
            "[nothing|very little].",
        ],
        "hobby_mistakes": [
            "The most common mistake is trying to do too much too soon.",
            "Many people give up because they compare themselves with experts who have decades of "
            "experience.",
            "Rushing the preparation almost always leads to [disappointing|frustrating] results.",
            "Another mistake is working in poor light, which makes everything harder than it needs to be.",
            "Finally, remember to take breaks, because tired [hands and eyes|minds] make careless errors.",
            "[Buying every gadget|Following every trend online] is a [costly|tempting] distraction from "
            "actual practice.",
            "[Skipping|Ignoring] the basics [to jump ahead|because they feel boring] [usually backfires|"
            "catches up with you sooner or later].",
        ],
        "hobby_community": [
            "I found my people at {club}, where beginners are always welcome.",
            "Local clubs are a wonderful way to learn, share ideas and make new friends.",
            "Many groups organize [trips, workshops and friendly competitions|open days and exhibitions] "
            "throughout the year.",
            "Online forums can be helpful too, as long as you take the advice with a pinch of salt.",
            "Teaching someone else is one of the best ways to deepen your own understanding.",
            "[One member|Our organizer], {person}, has been at it for [thirty|forty] years and still learns "
            "something new every month.",
            "[Every spring|Each autumn] the group [puts on a small show|holds an open evening] in {town}, "
            "and [visitors are always surprised|newcomers often sign up on the spot].",
        ],
    },
}

LOCAL_STORIES = {
    "library": {
        "title": "{town} council approves plans for [a new library|library improvements]",
        "lede": [
            "Councillors in {town} voted on {weekday} evening to approve plans for a new library after a "
            "[lengthy|lively|two-hour] debate.",
            "The [long-awaited|much-debated] library project in {town} has finally been given the go-ahead.",
        ],
        "sents": [
            "The new library will include [a reading garden|a quiet study room|a small cafe], a children's "
            "area and meeting rooms for community groups.",
            "A report presented to the council said the old building needs urgent repairs to its [roof and "
            "heating system|windows and wiring].",
            "The library will stay open in temporary rooms at [the town hall|the community center] while "
            "work takes place.",
            "Opening hours will be extended on [weekday evenings|Saturday afternoons] to suit working "
            "parents.",
            "The children's section will be [three times|twice as] large as the current one, with [a story "
            "corner|new picture books|space for toddler groups].",
            "Head librarian {person} said [borrowing had risen|visitor numbers had doubled] since the "
            "[pandemic|introduction of free events] and the building was simply too small.",
            "[Computers|Free wireless access|Printing] will be available to [all members|residents without "
            "internet at home].",
        ],
    },
    "roadworks": {
        "title": "Work to begin on {town} [bridge repairs|road resurfacing]",
        "lede": [
            "Repairs to the old bridge in {town} will begin in {month}, the council confirmed on {weekday}.",
            "Drivers in {town} are being warned to expect [delays|long queues] once work on the bridge gets "
            "under way.",
        ],
        "sents": [
            "Traffic will be diverted along a signed route [through the industrial estate|past the school|"
            "around the ring road] while the work takes place.",
            "Engineers found cracks in the [supports|stonework] of the bridge during a routine inspection "
            "[last winter|in the spring].",
            "Pedestrians will still be able to cross using a temporary walkway [on the north side|next to "
            "the old toll house].",
            "Buses will take a longer route, adding about [ten|fifteen] minutes to some journeys.",
            "Work will pause during [the summer festival|the school holidays] so that [visitors|families] "
            "can reach the town center.",
            "The bridge was built in [the eighteen nineties|the early twentieth century] and carries about "
            "{big:4000:15000} vehicles a day.",
            "Contractors will work [at night|on weekdays only] to [limit disruption|keep noise down near "
            "homes].",
        ],
    },
    "festival": {
        "title": "{town} [summer festival|food festival|music weekend] returns [this weekend|next month]",
        "lede": [
            "The {town} summer festival is back, and organizers expect [thousands of|record numbers of] "
            "visitors.",
            "After a break of [two|three] years, the summer festival returns to the streets of {town}.",
        ],
        "sents": [
            "The festival will feature [live music|a folk stage|brass bands], food stalls, a craft tent and "
            "activities for children.",
            "A parade of decorated floats will set off from [the station|the market square] at [noon|eleven "
            "o'clock].",
            "Local schools will perform on the main stage on the [first|final] afternoon.",
            "Organizers are asking visitors to walk or cycle because parking will be [limited|very limited].",
            "Money raised from the raffle will go to [the hospice|the lifeboat station|the food bank] and "
            "the youth football club.",
            "[Festival director|Organizer] {person} said [more than sixty|nearly a hundred] volunteers had "
            "signed up to help.",
            "[A fireworks display|A lantern procession] will close the festival on [Sunday|Saturday] "
            "evening.",
        ],
    },
    "buses": {
        "title": "Residents in {town} [welcome|question] changes to bus routes",
        "lede": [
            "Changes to bus routes in {town} will come into effect in {month}, the operator announced on "
            "{weekday}.",
            "The plan to change bus routes has divided opinion in {town}, with residents packing a public "
            "meeting to have their say.",
        ],
        "sents": [
            "The new timetable adds [an extra morning service|a later evening bus] on weekdays.",
            "A weekend route to [the hospital|the retail park] will run every hour for the first time.",
            "[Two|Three] stops on the outskirts of town will be removed because they are rarely used.",
            "Older residents worry that the changes will make it harder to reach [the doctor's surgery|the "
            "market|the railway station].",
            "The operator says the changes will be reviewed after [six months|a year].",
            "[Passenger numbers|Journeys] on the main route have [recovered|grown steadily] since fares were "
            "capped [last year|in the spring].",
            "New shelters with [live departure boards|seating and lighting] will be installed at the busiest "
            "stops.",
        ],
    },
    "playground": {
        "title": "{town} park to get a new playground",
        "lede": [
            "Work on a new playground in the {town} park is due to start in {month} and should take about "
            "{count:3:6} months.",
            "Families in {town} will soon have a new playground, after councillors approved the plans on "
            "{weekday}.",
        ],
        "sents": [
            "The new playground will include equipment suitable for children who use wheelchairs.",
            "Children from [the primary school|local schools] helped choose the designs in a vote [last "
            "term|earlier this year].",
            "The old swings and slide will be [recycled where possible|donated to a community farm].",
            "New [trees and benches|flower beds and picnic tables] will be planted around the edge of the "
            "play area.",
            "The park will remain open during the work, although part of it will be fenced off.",
            "Parent {person} said the old equipment had been [tired and unsafe|closed for repairs] for "
            "[months|most of the year].",
            "[A water fountain|Public toilets|A small cafe kiosk] will also be added near the main gate.",
        ],
    },
}

LOCAL_NEWS = {
    "titles": ["{story_title}"],
    "sections": [
        (None, ["story_lede"]),
        (["The plans", "What is proposed", "The details"], ["story", "news_detail"]),
        (["What residents say", "Community reaction", "Local views"], ["news_voices"]),
        (["What happens next", "Next steps", "Timeline"], ["news_next", "story"]),
    ],
    "pools": {
        "news_detail": [
            "The [scheme|project] will cost about {big:200:900} thousand pounds, [most of it|part of it] "
            "funded by a government grant.",
            "The council says the plans [were shaped by|reflect] a public consultation [last spring|earlier "
            "this year].",
            "[Detailed drawings|A full report] can be seen on the council's noticeboards and at the town "
            "hall.",
        ],
        "news_voices": [
            '"This is exactly what the town needs," said {person}, who has lived in {town} for '
            "[twenty|thirty|forty] years.",
            "Some shop owners worry that the changes will keep customers away during the busy season.",
            "Parents at the local primary school said the plans would make [the walk to school|weekends] "
            "[safer|much easier].",
            "Councillor {person} said the council had listened [carefully|closely] to feedback from the "
            "consultation.",
            "Not everyone is convinced, and a petition against the changes has gathered several hundred "
            "signatures.",
            "Volunteers have spent months preparing, and many local groups have offered to help.",
            '"[We have waited a long time for this|I just hope they get it right this time]," said '
            "{person}, who runs a [bakery|hardware shop|cafe] on the high street.",
        ],
        "news_next": [
            "A public exhibition of the final designs will be held at the town hall next month.",
            "Residents can send comments to the council until the end of {month}.",
            "The council will publish a progress update every few weeks on its noticeboards.",
            "If all goes to plan, the work will be finished before the end of the year.",
        ],
    },
}

PRODUCTS = [
    (
        "Aurel Q3 wireless headphones",
        "headphones",
        "the noise cancelling",
        "battery life",
        "the carrying case",
        [
            "The ear cushions stay comfortable for hours, even with glasses.",
            "Calls sound clear, although the microphone picks up some wind noise outdoors.",
            "Switching between a laptop and a phone is quick and reliable.",
        ],
    ),
    (
        "Tidy Bot 5 robot vacuum",
        "robot vacuum",
        "the suction",
        "the charging dock",
        "the app",
        [
            "It maps the house on its first run and avoids stairs without any fuss.",
            "Pet hair on rugs is handled well, but it occasionally gets stuck on loose cables.",
            "The bin is small, so you will empty it after almost every run.",
        ],
    ),
    (
        "Vortex Pro blender",
        "blender",
        "the motor",
        "the glass jug",
        "the cleaning cycle",
        [
            "Frozen fruit turns into a smooth smoothie in well under a minute.",
            "It is loud at full speed, as most powerful blenders are.",
            "The jug is heavy but feels far sturdier than plastic ones.",
        ],
    ),
    (
        "Ridgeline trail boots",
        "hiking boots",
        "the grip",
        "the waterproof lining",
        "the laces",
        [
            "They needed only a couple of short walks to break in.",
            "My feet stayed dry through several muddy river crossings.",
            "The ankle support is firm without feeling stiff on long descents.",
        ],
    ),
    (
        "Pagewise e-reader",
        "e-reader",
        "the screen",
        "the backlight",
        "the page-turn buttons",
        [
            "Text is crisp, and reading in bright sunlight is no problem at all.",
            "The warm light setting makes late-night reading much easier on the eyes.",
            "It survived a drop into the bath, which the manufacturer would probably rather I did not "
            "mention.",
        ],
    ),
    (
        "Brewmaster burr grinder",
        "coffee grinder",
        "the grind consistency",
        "the hopper",
        "the timer",
        [
            "The grind is even enough for both espresso and a French press.",
            "Retention is low, so there is little stale coffee left in the chute.",
            "It is quieter than the blade grinder it replaced.",
        ],
    ),
    (
        "Kettle One electric kettle",
        "kettle",
        "the boil time",
        "the temperature control",
        "the handle",
        [
            "Setting a lower temperature for green tea makes a real difference to the taste.",
            "It boils a full jug in under four minutes.",
            "The water window is easy to read, even from across the kitchen.",
        ],
    ),
    (
        "Trailpack 30 backpack",
        "backpack",
        "the harness",
        "the rain cover",
        "the side pockets",
        [
            "The back panel keeps air moving, so my shirt stayed reasonably dry on hot days.",
            "There is just enough room for a day's food, a jacket and a first aid kit.",
            "The hip belt pockets are big enough for a phone and a snack.",
        ],
    ),
]

REVIEW = {
    "titles": [
        "{product} review: [worth the money?|a solid all-rounder|great, with one catch]",
        "[Tested|Hands on|Long-term review]: {product}",
        "{product}: the best {ptype} [for most people|on a budget|this year]?",
    ],
    "sections": [
        (None, ["rev_intro"]),
        (["Design and build", "First impressions", "Build quality"], ["rev_design", "rev_specific"]),
        (["Performance", "In use", "Day to day"], ["rev_perf", "rev_specific"]),
        (["What could be better", "Downsides", "Niggles"], ["rev_cons"]),
        (["Verdict", "Should you buy it?", "The bottom line"], ["rev_verdict"]),
    ],
    "pools": {
        "rev_intro": [
            "I have been using the {product} every day for [three weeks|a month|two months] to see how it "
            "holds up in [real life|a busy household].",
            "The {ptype} market is crowded, so any new model needs to do something special to stand out.",
            "On paper, the {product} promises a lot for its price of about {usd:60:320}.",
            "I bought this with my own money after my old {ptype} finally [gave up|broke for good].",
            "[Several readers|A few friends] asked whether the {product} is worth it, so I [put it through "
            "its paces|tested it properly].",
        ],
        "rev_design": [
            "Out of the box, {feat1} makes a [strong|good] first impression.",
            "The build feels sturdy, with no creaks or loose parts even after [a few weeks|a month] of heavy "
            "use.",
            "It is [lighter|a little heavier] than I expected, which [makes it easy to carry|gives it a "
            "reassuring feel].",
            "The controls are simple and clearly labeled, so there is no need to read the manual first.",
            "The finish picks up fingerprints easily, but a quick wipe keeps it looking new.",
            "[The packaging is mostly cardboard|Very little plastic came in the box], which is a welcome "
            "change.",
        ],
        "rev_perf": [
            "In everyday use, {feat1} is genuinely impressive for a {ptype} at this price.",
            "{feat2_cap} has been reliable, and I rarely had to think about it.",
            "It handled everything I threw at it, from quick daily tasks to longer weekend sessions.",
            "Compared with my previous {ptype}, the difference was obvious within the first [few days|week].",
            "It is noticeably quieter than most rivals, which my family appreciated.",
            "Setup took about [ten|fifteen] minutes, and the instructions were easy to follow.",
        ],
        "rev_cons": [
            "My biggest complaint is {feat3}, which feels like an afterthought.",
            "A few features are hidden in menus that could be more logical.",
            "The included accessories are rather basic, so you may want to budget for extras.",
            "It is not the cheapest option, and some buyers will be happy with a simpler model.",
            "After a month, I noticed some minor wear, although nothing that affected performance.",
        ],
        "rev_verdict": [
            "Overall, the {product} is an easy recommendation for [most people|anyone who uses a {ptype} "
            "daily].",
            "If you can live with its small flaws, it offers [excellent|very good] value.",
            "It is not perfect, but it gets the important things right, which is what matters.",
            "I would buy it again, and I have already recommended it to [two friends|my brother].",
            "Wait for a sale if you can, but even at full price it is a sensible choice.",
        ],
    },
}

GENERAL_TOPICS = {
    "recipe": RECIPE,
    "travel": TRAVEL,
    "gardening": GARDENING,
    "sports": SPORTS,
    "science": SCIENCE,
    "history": HISTORY,
    "hobby": HOBBY,
    "local_news": LOCAL_NEWS,
    "review": REVIEW,
}
