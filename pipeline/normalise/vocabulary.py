"""Fixed word lists the coder needs besides the taxonomy's terms.

`GENERAL_WORDS` are ordinary Danish (and some English) words that occur in survey answers and
name no technology. They tell the coder that a word is *known*: it is then not fuzzy-matched
to a term, not taken for an unknown product name, and can serve as the target when a word
written with ae/oe/aa is given back its æ/ø/å. Inflected forms are found through the stemmer,
so one form per word is usually enough. Extend freely; a word here never codes anything.
"""

from __future__ import annotations

GENERAL_WORDS = """
af alle allerede alt altid andet anden andre ang angående anvende anvender anvendes anvendt
at bl bla blandt blev bliver blive blot bruge bruger bruges brugt både da dag dags dagen de
dem den denne der deres derfor derudover desuden det dette dig din disse dog du efter eftersom
eget egen egne ej eks eller ellers en end endnu ene ens enten er et etc evt f fx for foran
forbindelse fordi forhold fra frem fremover før først få får gennem godt gør gøre har have
havde hele helt her hos hvad hvem hver hvert hvilke hvilken hvis hvor hvordan hvornår hvorfor
hvorved i igen ikke ind indtil inden ingen inkl intet ja jeg jo kan kun kunne lige lidt man
mange med meget mellem men mere mest mig min mindre mm mod mv måske må nogle noget nogen når
nej nu ny nye nyt næste og også om omkring op os osv over pga pr på rigtig samme samt sammen
selv selvom sig sin sine sit skal skulle som stadig stk så sådan til tilbage tre to tidligere
ud uden under ved vi via vil ville vore vores være været år årligt års ca cirka eks ex
hhv iht jf kl mht mhp nr vha dvs bl.a f.eks inkl mfl osv pt p.t ift vedr ifm ca
også endvidere yderligere heraf herunder hertil hvorimod ligeledes primært sekundært
især særligt specielt generelt typisk ofte sjældent løbende fortsat fortsætter snart
the and or of to for in on with by at from as is are be we our they their not no yes
use used using uses also other more some all new have has had started start testing tested
test trial pilot implemented implementing plan planned planning priority next year years
nursing home homes care citizen citizens municipality municipal elderly people staff
patients patient disease own their them it its this that these those there here which
who where when how many much most only just still already currently now soon
stå står stod sidde sidder ligge ligger gå går gik komme rejse rejser bo bor
digitalisering digitaliseringen digitaliseringsstrategi region regionen hovedstaden
sjælland syddanmark midtjylland nordjylland kl sundhedsstyrelsen hjerteforeningen
diabetesforeningen lungeforeningen ældresagen vive danmark dansk
kommune kommunen kommuner kommunens kommunal kommunale borger borgere borgeren borgerne
borgernes beboer beboere beboerne bruger brugere brugerne pårørende medarbejder
personalet personale leder ledelse konsulent projektleder terapeut fysioterapeut
ergoterapeut ergoterapi fysioterapi sygeplejerske sygeplejersker hjemmehjælper social
sosu assistent hjælper hjælpere frivillige visitator visitation visitere bevilling
bevilge bevilget bevillinger bevilges udlån udlåne udlåner depot depotet hjælpemiddel
hjælpemidler hjælpemiddeldepot hjælpemiddelcentral plejecenter plejecentre plejecentret
plejecentrene plejehjem plejebolig plejeboliger bosted bosteder botilbud botilbuddet
bofællesskab bofællesskaber bolig boliger lejlighed hjem hjemme hjemmet eget
hjemmepleje hjemmeplejen hjemmesygepleje hjemmesygeplejen sygepleje sundhedscenter
sundhedscentret sundhedshus træningscenter træningscentret genoptræningscenter
aktivitetscenter dagcenter dagtilbud aflastning rehabiliteringscenter hospital
hospitalet sygehus sygehuset region regionen almen praksis læge lægen praktiserende
område området områder afdeling afdelingen enhed enheder center centre institution
socialområdet socialpsykiatri socialpsykiatrien handicap handicapområdet ældreområdet
sundhedsområdet psykiatri psykiatrien misbrug misbrugsbehandling specialområdet
demens demente demensramte demensenhed alzheimer sklerose parkinson als apopleksi
hjerneskade rygmarvsskade kol diabetes type hjertesygdom hjertesvigt hjertepatienter
patient patienter kronisk kroniske sygdom sygdomme sygdommen diagnose diagnoser
funktionsnedsættelse funktionsevne funktionsniveau udfordringer udfordring mobilitet
mobilitetsudfordringer kognitive kognitiv fysisk fysiske psykisk psykiske handicappede
udviklingshandicap autisme adhd angst depression skizofreni ældre unge børn voksne
teknologi teknologier teknologien velfærdsteknologi velfærdsteknologier velfærdsteknologisk
løsning løsninger løsningen hjælpemiddel produkt produkter udstyr redskab redskaber
projekt projekter projektet pilot pilotprojekt pilotprojekter afprøvning afprøvninger
afprøvet afprøve afprøver test testet teste tester forsøg forsøgt implementering
implementeret implementere implementeres udbredelse udbredt udbrede udbredes udrulning
udrulle drift driften anskaffet indkøbt indkøb indkøbe udbud investering investeret
planlagt planlægges planer plan strategi prioritet prioriteret prioritere prioriterer
prioriteringer højeste højest vigtigste fokus fokusområde indsats indsatser tilbud
tilbyde tilbyder tilbydes tilbudt tiltag erfaring erfaringer erfaringerne evaluering
evaluere evalueret gevinst gevinster gevinsterne effekt effekter resultater resultat
business case økonomi økonomien budget penge ressourcer tid tiden tidsbesparelse
arbejdsmiljø arbejdsmiljøet arbejdsgange medarbejderne personalets faglig faglige
kvalitet selvhjulpenhed selvhjulpen selvstændighed livskvalitet værdighed tryg
trygt sikker sikkerhed hverdag hverdagen hverdagsrehabilitering rehabilitering
rehabiliteringsforløb genoptræning træning træningen træne træner hold
motion bevægelse aktivitet aktiviteter undervisning kursus kurser forløb forløbet
forebyggelse forebyggende sundhedsfremme patientrettet patientrettede tilbuddet
samarbejde samarbejder leverandør leverandøren leverandører firma virksomhed
stk styk antal ca cirka flere færre nogle enkelte få mange alle de fleste størstedelen
del dele en halv ét eneste første anden tredje sidste næste kommende nuværende
ca måned måneder uge uger ugentligt dagligt nat natten dag aften morgen
år året sidste første gang gange hele kommunen stor større største lille små mindre
gode god bedre bedst dårlig dårlige positive positiv negative negativ stor store
særlig særlige almindelig almindelige øvrige anden andre forskellige diverse
mulighed muligheder muligt relevant relevante aktuel aktuelt aktuelle
behov behovet ønske ønsker ønskede ønsket interesse interesseret
svar svaret besvarelse spørgsmål spørgsmålet ovenfor ovenstående tidligere ved vide
kender kendt ukendt usikker oplyst oplyse stilling stillingen ansat ny
elektrisk elektriske automatisk automatiske manuel manuelle mobil mobile mobilen
intelligent intelligente smart avanceret simpel simple enkel enkle let lette tung tunge
anvendelse brug brugen benytte benytter benyttes hjælp hjælpe hjælper hjælpes
støtte støtter understøtte understøtter understøttet understøttende
kunne skulle ville burde måtte mødes dele deler delte lære lærer
frigøre frigive spare sparer besparelse besparelser reducere nedbringe øge øget
give giver gives fået få fik tage tager tages taget lave laver laves lavet gøre gjort
sætte sat komme kommer kom gå går gik se ser set sige siger sagt vise viser vist
arbejde arbejder arbejdet arbejdes opstart opstarte startet starte start slut
nogen ingen enhver hvilken sådanne således samtidig derved dermed desværre heldigvis
bostøtte borgerens egen eget egne pleje plejen plejeopgaver opgave opgaver
handicaphjælpere hjælpemiddelområdet serviceloven sundhedsloven lov loven paragraf
dansk danske danmark internationalt nationalt national landsdækkende
men dog altså nemlig fordi derfor hvorfor hvordan
""".split()

#: Words that open or close a Danish list of place names for care homes etc.: tokens ending
#: with these are taken as proper names of places ("Birkebo", "Solgården"), not as products.
PLACE_SUFFIXES = (
    "gården",
    "gård",
    "lunden",
    "lund",
    "hjemmet",
    "huset",
    "hus",
    "centret",
    "centeret",
    "parken",
    "vænget",
    "haven",
    "højen",
    "bakken",
    "skoven",
    "engen",
    "marken",
    "toften",
    "bo",
    "by",
    "borg",
    "holm",
    "dal",
    "sted",
    "vej",
    "hjem",
)
