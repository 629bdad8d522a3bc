"""Fixed word lists the coder needs besides the taxonomy's terms.

`GENERAL_WORDS` are ordinary Danish (and some English) words that occur in survey answers and
name no technology. They tell the coder that a word is *known*: it is then not fuzzy-matched
to a term, not taken for an unknown product name, and can serve as the target when a word
written with ae/oe/aa is given back its æ/ø/å. Inflected forms are found through the stemmer,
so one form per word is usually enough. Extend freely; a word here never codes anything.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Plain words from wordfreq (see the files' headers and scripts/make_danish_words.py).
PLAIN_WORDS_FILES = {
    "da": Path(__file__).with_name("danish_words.txt"),
    "en": Path(__file__).with_name("english_words.txt"),
}


@lru_cache(maxsize=2)
def plain_words(language: str = "da") -> tuple[str, ...]:
    """Frequent words of a language, most frequent first: not product names, and not worth a
    review by themselves."""
    lines = PLAIN_WORDS_FILES[language].read_text(encoding="utf-8").splitlines()
    return tuple(w for w in lines if w and not w.startswith("#"))


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
sanseintegration sanseintegrationsterapi
hjemmebesøg hjemmeplejebesøg sygeplejebesøg tilsynsbesøg medicinbesøg plejebesøg besøgene
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
gigt slidgigt leddegigt ptsd udviklingshæmning udviklingshæmmede medicinen
inhalation inhalationsteknik vandladning bivirkninger bivirkning iltmætning lungefunktion
saturation blodsukkerværdier blodtryksværdier værdierne fodterapi fodterapeut alder
dyr dyre dyrt billig billige billigt vaskeri vaskeriet køkkenet kantine cafeteria
inkontinens urin afføring tryksår sår sårpleje ernæring ernæringsterapeut diætist
vægttab overvægtige rygere rygestopkursus kronisk smerter smertebehandling
hjerterehabilitering lungerehabilitering kræftrehabilitering diabetesrehabilitering
kol-rehabilitering rehabiliteringsforløb patientforløb sygdomsforløb forløbsprogram
sklerose parkinsons epilepsi cerebral parese cp spasticitet lammelse lammelser
pause pauser sigt henblik fugt indbygget indbyggede motoriseret demensafsnit afsnit
angstdæmpning dæmpning uro urolige urolig søvnproblemer dialog skiftes skifte skiftet
installeres installeret installere monteret montere monteres opsat opsætning
afventer afvente minde minder påminde åbnes åbne åbner lukke lukkes baseret
haft havde har haves succes succesfuld succesfulde fiasko årrække række rækken højere
højeste høj lav lavere laveste klare klarer klaret konkret konkrete konkretiseret
forventer forventet forvente forventning forventninger udvide udvider udvidet udvidelse
integreret integrere integration hjælpemiddelområdet kerneopgaven kerneopgave
klinik klinikken hjertesvigtsklinikken ambulatorium ambulatoriet afdelinger
arbejdsmiljømæssige arbejdsmæssige belastning belastende tunge løft løfte løfter
forbedre forbedret forbedring forbedringer styrke styrket styrker udvikle udvikler
udviklet udvikling udviklingen fremtid fremtiden fremtidig fremtidige fremadrettet
nuværende nuværende tidspunkt tidspunkt tidspunktet hidtil indtil videre pt foreløbig
foreløbigt endelig endeligt allerede stadigvæk fortsat fortsætte fortsættes fortsatte
begynde begynder begyndt begyndte påbegyndt igangsat igangsætte igangsættes gang
gennemført gennemføre gennemføres afholdt afholde afholdes holdes holdt
oplever oplevet opleve oplevelse erfarer erfaret vist viser viste sige siger sagde
mener mente synes syntes tror troede vurderer vurderede vurderet anbefaler anbefalet
anbefaling anbefalinger kræver krævet kræve krav kravene behov behovene
mulig mulige umulig svært svær svære let nemt nem nemme enkelt enkle hurtig hurtigt
langsom langsomt længe lang lange kort korte kortere længere tid tiden tidligt sent
stort stor store større størst mindst mindre lille små lidt meget mange flere færre
vigtig vigtigt vigtige væsentlig væsentligt væsentlige central centrale centralt
generel generelle generelt overordnet overordnede samlet samlede samlede
bred bredt brede smal bestemt bestemte specifik specifikke specifikt konkret
ligesom ligeså som sådan således derudover endvidere samtidig imens mens hvorefter
selvom skønt omend dog derimod tværtimod dels både hverken enten eller
bl.a blandt andet fx for eksempel eksempelvis herunder heriblandt især
nemlig altså jo vel vist nok nu så da her der hvor hvorfra hvortil hvorved
nogle nogen noget ingen intet enhver ethvert hver hvert alle alt hele helt
selve selv egen eget egne hinanden hinandens sig sin sit sine deres dens dets
borgeres borgerrettede borgerrettet borgernær borgernære borgerinddragelse
medarbejderrettede medarbejdergruppe medarbejdergrupper sosuer sosu'er
hjemmeplejegrupper distrikt distrikter distriktet område områderne
plejecenteret plejecentrenes plejeboligerne botilbuddene bostederne bofællesskabet
institutioner institutionen dagtilbuddet dagcentret aktivitetscentret værested
ældrecenter ældrecentre ældreboliger ældrebolig almene almen boligforening
eget hjem egne hjem eget bolig lejligheder lejligheden værelse værelset
rum rummet rummene fællesarealer fællesareal fællesrum fællesrummet gangen
badeværelser køkkener haven udendørs indendørs ude inde hjemme
personlig personlige personligt individ individer menneske mennesker person personer
kvinder mænd unge yngre ældste ældre seniorer pensionister voksne børn familier
medborgere frivillig frivillige foreninger forening foreningen organisation
organisationer organisering organiseret tovholder ressourceperson ressourcepersoner
superbruger superbrugere nøgleperson nøglepersoner ambassadør ambassadører
undervisningen oplæring oplært oplære instruktion instrueret introduktion
introduceret introducere kompetent kompetente kendskab viden vidensdeling
forankring forankret forankre drift driftet driftes driftsat ibrugtagning ibrugtaget
brugt bruges anvendt anvendes benyttet udbredt udbredte udleveret udlevere udleveres
udlånt udlånes lånt låne låner lån tildelt tildele tildeles bevilliget bevilges
ansøgt tilbudt tilbydes tilbyder stillet stilles stille rådighed
udfordret udfordrende problem problemer problemet løst løse løser løses
fejl nedbrud stabil stabilt ustabil teknik teknikken tekniske support
pga grund grunden årsag årsagen fordi derfor således hvorfor
økonomisk økonomiske økonomiske ressourcemæssige ressourcemæssigt bevillingen
besparelser besparelse sparet spare frigjort frigjorte frigøres timer tidsforbrug
rehabiliterende forebyggende sundhedsfremmende aktiverende aktivering aktiv aktive
selvstændig selvstændigt selvstændige uafhængig uafhængighed mestre mestrer
livskvaliteten værdigheden trivsel trivslen velbefindende tryghedsfølelse
funktionsevnen funktionsniveauet gangfunktionen balanceevne muskelstyrke styrke
kondition konditionen udholdenhed bevægelighed smertelindring vægttab
kronikere kronisk syge multisyge svækkede skrøbelige sårbare udsatte
demensramte demenssygdom kognitivt svækkede psykisk syge misbrugere
udviklingshæmmede fysisk handicappede blinde svagsynede døve hørehæmmede
apopleksipatienter hjerneskadede rygmarvsskadede amputerede
og eller men samt både for til fra med uden ved hos om over under efter før
grupper gruppe gruppen kost kosten kostvejledning vejledning samtale samtaler skole bord
borde program programmer platform robotter overblik påmindelser spisning desinfektion dato
kode lampe lamper ring sæde svamp skaft klub modul moduler foredrag workshop vægt vægten
sender natlig trådløs trådløse smarte interaktiv interaktive cafe café rampe ramper life
data intelligens kunstig ruter rute individuel individuelt individuelle pris prisen priser
valgte valgt vælge vælger fravalgte grad nævneværdig fastlagt fastlagte stedet sted
utrygge utryg tryghed fremskridt værdier værdi funktion funktioner gangfunktion
budgetsituationen budgetsituation situation situationen vurdering vurderinger vurdere
planlægning planlægge planlagde copd blood sugar pressure shower relatives nexus
dokumentation journal
kompetenceudvikling kompetencer kompetence uddannelse uddannet kursister deltagere
deltager deltagerne sender sendes sendt modtager modtage modtages indberetter indberette
private privat offentlig offentlige kørt køre kører skal skulle sker ske skete
prædiktive prædiktiv modeller model analyse analyser data dataene oplysninger system
systemer systemet it software hardware internet wifi netværk netværket adgang
medarbejderes brugerens borgers kommunes regionens lokal lokale lokalt
ansøgning ansøge ansøger ansøgt bevilget afslag visitering visiteret
fysisk fysiske mentalt mental psykologisk socialt sociale sundhed sundheden sund
livsstil livsstilen vaner vanerne motion motionen kostændringer vægttab rygestop
rygning alkohol søvn smerter smerte træthed åndenød hjertesvigt blodprop
forhøjet blodtryk kolesterol overvægt sukkersyge lungesygdom lungesygdomme
nydiagnosticerede diagnosticeret nyopdagede sygehusindlæggelse indlæggelse
indlæggelser genindlæggelser udskrivelse udskrevet opfølgende opfølgning
hjemmefra hjemmebesøg hjemmeboende fremmøde fremmødt fysisk møde møde møder
telefon telefonen telefonisk opringning ringer ringe mail email brev
periode perioden foråret efteråret sommeren vinteren januar februar marts april maj juni
juli august september oktober november december måned måneden kvartal halvår
første anden fase faser trin niveau niveauer skridt etape
udvalg udvalget byråd byrådet politisk politikere politikerne beslutning beslutninger
besluttet beslutte vedtaget vedtage godkendt godkende godkendelse bevilling
midler puljemidler pulje puljer fondsmidler finansiering finansieret medfinansiering
anskaffelse anskaffelser indkøbt indkøbes leasing leaset lejet leje
leverandøraftale aftale aftaler kontrakt kontrakter licens licenser
tilfredshed tilfredse tilfreds glade glad modstand skepsis bekymring bekymringer etik
etiske etisk samtykke samtykker jura juridisk gdpr persondata datasikkerhed
kvalitetsløft effektivisering effektiviseringer gevinstrealisering
implementeringen udbredelsen afprøvningen forsøget projektperiode projektperioden
erfaringsopsamling opsamling evalueringen rapport rapporten målgruppe målgrupper
målgruppen borgergruppe borgergrupper brugergruppe ældregruppen
især primært overvejende hovedsageligt udelukkende delvist delvis fuldt fuld
mest mindst bedst værst flest færrest ingen nogen alle
tekniske teknisk teknologisk teknologiske digitale digitalt nye nyere ældre gamle
standard standarden standardhjælpemidler almindelige traditionelle klassiske
alternativ alternativer alternativt ellers også desuden endelig herudover
samarbejde samarbejdet tværfagligt tværfaglig tværsektorielt tværkommunalt
kommunerne regionerne hospitalerne sygehusene praksis lægerne apotek apoteket
pårørendes familie familien familier netværk venner
time timer minutter sekunder dagligt ugentligt månedligt årligt
handle handler indkøb rengøringen tøjvask madlavning måltider mad maden
gå gang gangen trapper trappe trappen etage etager elevator dør døre vindue
bord badeværelse badeværelset køkken køkkenet stue
grants funding budget cost costs price expensive cheap staff training workers
rollout scaling evaluation evaluate evaluated project projects pilots team teams
home homes house housing support supported living service services mainly mostly
some several various different number all none any every each many few
handicaphjælpere hjælpemiddelområdet serviceloven sundhedsloven lov loven paragraf
dansk danske danmark internationalt nationalt national landsdækkende
men dog altså nemlig fordi derfor hvorfor hvordan
positivt negativt positive negative blandet blandede prio prioriteter prioriteringen
drikke drikker
afklaret afklares afklaring uafklarede budgetforhandlinger budgetforhandling budgettet
budgetaftale budgetaftalen politisk politikerne byrådet udvalget udvalg
omsorgsjournal omsorgssystem journal journalen journalsystem dokumentation
insulin medicinering vejrtrækning vejrtrækningen åndedræt lungerne hjertet blodet
loftet loftshøjde gulvet væggen væggene døren dørene vinduet vinduer
punkt punkter punktum pkt punktvis overblik status statussen aid aids
udgangspunkt uvist fylder fylde fyldt rent sansning sanserne døgnrytme døgnrytmen hylde
hylderne søgt søge søger lejlighed lejlighederne fungere fungerer fungerede virke virkede
tilfreds utilfreds brugbar besværlig besværligt modtog modtage ældrelov ældreloven
health mental support worker workers resident residents staff member members
leveret levere leverer leverede hjemmesiden hellere gerne hurtigt langsomt desværre heldigvis
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
    "høj",
    "ly",
    "lyst",
    "bakke",
    "eng",
    "have",
    "vang",
    "toft",
)
