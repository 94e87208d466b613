namespace Regin.Tests.Shared.Conversation;

/// <summary>
/// One whole practice per language, typed the way a regional official in a hurry writes: lower case, everyday words
/// for the options, a wrong e-mail address first, "skip" or a refusal ("no tengo", "nej tack") at the phone, "help"
/// and "summary" on the way, a negation to the restart question, and the submit word (not "yes") at "submit now?".
/// The same messages run against the engine with the
/// plain-text renderer (Regin.Core.Tests) and through the Bot Framework with cards (Regin.Bot.Tests).
/// </summary>
public static class EverydayChats
{
    /// <param name="Locale">The client's locale.</param>
    /// <param name="Messages">What the contributor sends, in order, after the greeting.</param>
    /// <param name="Expected">Stored values (as JSON) that must come out of it.</param>
    public sealed record Chat(string Locale, IReadOnlyList<string> Messages, IReadOnlyDictionary<string, string> Expected);

    public static IReadOnlyDictionary<string, Chat> All { get; } = new Dictionary<string, Chat>
    {
        ["en"] = new("en-IE",
        [
            "Sarah O'Neill", "Dublin City Council - social inclusion unit", "sarah.oneill at dublincity", "sarah.oneill@dublincity.ie", "skip",
            "help", "Welcome desks for newcomers", "ireland", "IE06", "Dublin City Council", "local authority", "funding",
            "we co-fund the desks from the social inclusion budget", "two NGOs and the city library", "march 2019", "still running",
            "education, health and housing", "asylum seekers and women", "One desk in every library, open four days a week.",
            "Help newcomers find services in their first months.", "Advice sessions, language cafés, referrals to services.",
            "About 1,200 people advised so far.", "1,200", "restart", "no", "AMIF and regional budget", "€120k",
            "Volunteers who speak the main languages of the newcomers.", "Few rooms at first; libraries offered theirs.",
            "Work with the libraries from the start.", "Any city with a library network could do it.", "Funded until 2027.",
            "Quarterly counts and a yearly survey.", "www.dublincity.ie", "summary", "yes of course", "send",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"sarah.oneill@dublincity.ie\"", ["country"] = "\"IE\"", ["region"] = "\"IE06\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"local_authority\"", ["integration_areas"] = """["education","health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["fr"] = new("fr-FR",
        [
            "Claire Martin", "Région Bretagne, service inclusion", "claire.martin arobase bretagne", "claire.martin@bretagne.bzh", "je préfère ne pas le donner",
            "aide", "Guichets d'accueil pour les primo-arrivants", "france", "Bretagne", "Région Bretagne", "autorité régionale", "1",
            "la région pilote et finance le dispositif", "les départements et deux associations", "mars 2019", "en cours",
            "santé et logement", "demandeurs d'asile et femmes", "Un guichet par département, ouvert quatre jours par semaine.",
            "Orienter les nouveaux arrivants vers les services.", "Permanences, cafés linguistiques, orientation.",
            "Environ 1 200 personnes accueillies.", "1 200", "recommencer", "non", "FAMI et budget régional", "120 000 €",
            "Des bénévoles qui parlent les langues des arrivants.", "Peu de locaux au début ; les mairies ont prêté des salles.",
            "Associer les communes dès le départ.", "Toute région disposant d'un réseau de mairies.", "Financé jusqu'en 2027.",
            "Comptages trimestriels et enquête annuelle.", "www.bretagne.bzh", "résumé", "oui bien sûr", "envoyer",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"claire.martin@bretagne.bzh\"", ["country"] = "\"FR\"", ["region"] = "\"FRH0\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["de"] = new("de-DE",
        [
            "Jana Schmidt", "Land Brandenburg, Integrationsbeauftragte", "jana.schmidt(at)brandenburg", "jana.schmidt@brandenburg.de", "überspringen",
            "hilfe", "Willkommenslotsen für Neuzugewanderte", "deutschland", "Brandenburg", "Ministerium für Soziales", "regionalbehörde", "finanzierung",
            "das Land finanziert die Lotsen", "Landkreise und Wohlfahrtsverbände", "märz 2019", "läuft noch",
            "bildung und gesundheit", "asylsuchende und frauen", "Lotsen in jedem Landkreis, vier Tage die Woche.",
            "Neuzugewanderte finden schneller zu Ämtern.", "Sprechstunden, Begleitung zu Ämtern, Sprachcafés.",
            "Rund 1.200 Beratungen bisher.", "1.200", "neustart", "nein", "AMIF und regionaler Haushalt", "120.000 €",
            "Lotsen, die die Sprachen der Neuzugewanderten sprechen.", "Anfangs wenige Räume; Gemeinden halfen aus.",
            "Die Kommunen von Anfang an beteiligen.", "Jedes Flächenland mit Landkreisen.", "Bis 2027 finanziert.",
            "Vierteljährliche Zahlen und jährliche Befragung.", "www.brandenburg.de", "übersicht", "ja natürlich", "einreichen",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"jana.schmidt@brandenburg.de\"", ["country"] = "\"DE\"", ["region"] = "\"DE40\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["education","health"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["es"] = new("es-ES",
        [
            "Lucía Pérez", "Región de Murcia, Dirección General de Servicios Sociales", "lucia.perez en carm", "lucia.perez@carm.es", "no tengo",
            "ayuda", "Ventanillas de acogida para recién llegados", "españa", "Región de Murcia", "Comunidad Autónoma de la Región de Murcia", "autoridad regional", "liderazgo",
            "la región dirige y financia el programa", "ayuntamientos y dos ONG", "marzo de 2019", "en curso",
            "salud y vivienda", "solicitantes de asilo y mujeres", "Una ventanilla por comarca, cuatro días a la semana.",
            "Orientar a los recién llegados hacia los servicios.", "Atención, cafés de idiomas, derivación a servicios.",
            "Unas 1.200 personas atendidas.", "1.200", "reiniciar", "no", "FAMI y presupuesto regional", "120.000 €",
            "Voluntarios que hablan los idiomas de los recién llegados.", "Pocos locales al principio; los ayuntamientos cedieron salas.",
            "Contar con los ayuntamientos desde el inicio.", "Cualquier región con red municipal.", "Financiado hasta 2027.",
            "Recuentos trimestrales y encuesta anual.", "www.carm.es", "resumen", "sí claro", "enviar",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"lucia.perez@carm.es\"", ["country"] = "\"ES\"", ["region"] = "\"ES62\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["it"] = new("it-IT",
        [
            "Maria Rossi", "Regione Puglia - sezione inclusione", "maria.rossi chiocciola regione", "maria.rossi@regione.puglia.it", "salta",
            "aiuto", "Sportelli di accoglienza per i nuovi arrivati", "italia", "puglia", "Regione Puglia", "autorità regionale", "capofila",
            "la regione coordina e finanzia gli sportelli", "comuni e due associazioni", "marzo 2019", "in corso",
            "lingua e istruzione", "richiedenti asilo e donne", "Uno sportello per provincia, aperto quattro giorni a settimana.",
            "Orientare i nuovi arrivati verso i servizi.", "Colloqui, caffè linguistici, invio ai servizi.",
            "Circa 1.200 persone accolte.", "1.200", "ricomincia", "no", "FAMI e bilancio regionale", "120.000 €",
            "Mediatori che parlano le lingue dei nuovi arrivati.", "Pochi locali all'inizio; i comuni hanno messo a disposizione sale.",
            "Coinvolgere i comuni fin dall'inizio.", "Qualsiasi regione con una rete di comuni.", "Finanziato fino al 2027.",
            "Conteggi trimestrali e indagine annuale.", "www.regione.puglia.it", "riepilogo", "sì certo", "invia",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"maria.rossi@regione.puglia.it\"", ["country"] = "\"IT\"", ["region"] = "\"ITF4\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["language","education"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["el"] = new("el-GR",
        [
            "Ελένη Παπαδοπούλου", "Περιφέρεια Κρήτης, Διεύθυνση Κοινωνικής Πολιτικής", "eleni στο crete", "eleni@crete.gov.gr", "δεν έχω τηλέφωνο",
            "βοήθεια", "Κέντρα υποδοχής για νεοαφιχθέντες", "ελλάδα", "Κρήτη", "Περιφέρεια Κρήτης", "περιφερειακή αρχή", "επικεφαλής",
            "η περιφέρεια συντονίζει και χρηματοδοτεί", "δήμοι και δύο ΜΚΟ", "Μάρτιος 2019", "σε εξέλιξη",
            "υγεία και στέγαση", "αιτούντες άσυλο και γυναίκες", "Ένα κέντρο σε κάθε νομό, τέσσερις ημέρες την εβδομάδα.",
            "Να βρίσκουν οι νεοαφιχθέντες τις υπηρεσίες.", "Συναντήσεις, γλωσσικά καφενεία, παραπομπές.",
            "Περίπου 1.200 άτομα.", "1.200", "επανεκκίνηση", "όχι", "ΤΑΜΕ και περιφερειακός προϋπολογισμός", "120.000 €",
            "Διερμηνείς που μιλούν τις γλώσσες των νεοαφιχθέντων.", "Λίγοι χώροι στην αρχή· οι δήμοι διέθεσαν αίθουσες.",
            "Συνεργασία με τους δήμους από την αρχή.", "Κάθε περιφέρεια με δίκτυο δήμων.", "Χρηματοδοτείται έως το 2027.",
            "Τριμηνιαίες μετρήσεις και ετήσια έρευνα.", "www.crete.gov.gr", "σύνοψη", "ναι βεβαίως", "υποβολή",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"eleni@crete.gov.gr\"", ["country"] = "\"GR\"", ["region"] = "\"EL43\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["pt"] = new("pt-PT",
        [
            "Ana Costa", "Câmara Municipal de Lisboa", "ana.costa arroba cm-lisboa", "ana.costa@cm-lisboa.pt", "saltar",
            "ajuda", "Balcões de acolhimento para recém-chegados", "portugal", "Área Metropolitana de Lisboa", "Câmara Municipal de Lisboa", "autarquia local", "parceiro ativo",
            "o município cede espaços e pessoal", "juntas de freguesia e duas ONG", "março de 2019", "em curso",
            "saúde e habitação", "requerentes de asilo e mulheres", "Um balcão por freguesia, quatro dias por semana.",
            "Orientar os recém-chegados para os serviços.", "Atendimento, cafés de línguas, encaminhamento.",
            "Cerca de 1.200 pessoas atendidas.", "1.200", "recomeçar", "não", "FAMI e orçamento regional", "120.000 €",
            "Mediadores que falam as línguas dos recém-chegados.", "Poucos espaços no início; as juntas cederam salas.",
            "Envolver as juntas desde o início.", "Qualquer cidade com juntas de freguesia.", "Financiado até 2027.",
            "Contagens trimestrais e inquérito anual.", "www.lisboa.pt", "resumo", "sim claro", "submeter",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"ana.costa@cm-lisboa.pt\"", ["country"] = "\"PT\"", ["region"] = "\"PT17\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"local_authority\"", ["integration_areas"] = """["health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
        ["sv"] = new("sv-SE",
        [
            "Anna Svensson", "Region Skåne, enheten för integration", "anna.svensson snabel-a skane", "anna.svensson@skane.se", "nej tack",
            "hjälp", "Välkomstdiskar för nyanlända", "sverige", "Skåne", "Region Skåne", "regional myndighet", "ledande",
            "regionen leder och finansierar insatsen", "kommuner och två föreningar", "mars 2019", "pågår",
            "hälsa och boende", "asylsökande och kvinnor", "En disk i varje kommun, fyra dagar i veckan.",
            "Hjälpa nyanlända att hitta rätt.", "Rådgivning, språkkaféer, hänvisning.",
            "Omkring 1 200 personer.", "1 200", "börja om", "nej", "AMIF och regional budget", "120 000 €",
            "Volontärer som talar nyanländas språk.", "Få lokaler i början; kommunerna lånade ut rum.",
            "Ta med kommunerna från början.", "Varje region med kommuner.", "Finansierat till 2027.",
            "Kvartalsvisa siffror och en årlig enkät.", "www.skane.se", "sammanfattning", "ja absolut", "skicka in",
        ],
        new Dictionary<string, string>
        {
            ["contact_email"] = "\"anna.svensson@skane.se\"", ["country"] = "\"SE\"", ["region"] = "\"SE22\"", ["start_date"] = "\"2019-03\"",
            ["end_date"] = "\"ongoing\"", ["lead_organisation_type"] = "\"regional_authority\"", ["integration_areas"] = """["health","housing"]""",
            ["target_groups"] = """["asylum_seekers","women"]""", ["beneficiaries_count"] = "1200", ["funding_sources"] = """["amif","regional_budget"]""",
            ["budget_eur"] = "120000", ["consent_publish"] = "true",
        }),
    };
    /// <summary>
    /// A second chat in German and Greek with what session 29 found officials typing: a ministry named with its region's
    /// short name ("… NRW"), what the region pays for ("wir zahlen das Personal", "πληρώνουμε το προσωπικό"), "noch nicht" /
    /// "όχι ακόμα" at the end date (ongoing) and at consent (undecided: asked again, then yes), a Greek city contracted with
    /// a slash ("Αλεξ/πολη").
    /// </summary>
    public static IReadOnlyDictionary<string, Chat> Second { get; } = new Dictionary<string, Chat>
    {
        ["de"] = new("de-DE",
        [
            "Thomas Becker", "MKJFGFI NRW, Referat Integration", "t.becker@mkjfgfi.nrw.de", "keine Angabe",
            "Kommunale Integrationszentren", "Deutschland", "NRW", "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
            "Sozialministerium NRW", "wir zahlen das Personal", "Das Land zahlt die Personalstellen in den Zentren.", "Kreise und kreisfreie Städte",
            "2013", "noch nicht", "Sprachkurse, Schule und Arbeit", "Neuzugewanderte und Geflüchtete",
            "Integration vor Ort war zersplittert.", "Angebote in jeder Kommune bündeln.", "Beratung, Bildungsangebote, Vernetzung.",
            "Zentren in 54 Kreisen und Städten.", "ca. 5.000", "Landesmittel und AMIF", "1,2 Mio. Euro",
            "Ein Zentrum pro Kommune mit festen Stellen.", "Personal zu finden war schwer; wir haben Quereinstieg ermöglicht.",
            "Feste Stellen statt Projektstellen.", "Jedes Land mit starken Kommunen.", "Im Landeshaushalt verstetigt.",
            "Jährlicher Bericht an den Landtag.", "www.kommunale-integrationszentren-nrw.de", "noch nicht", "ja, gerne", "einreichen",
        ],
        new Dictionary<string, string>
        {
            ["region"] = "\"DEA\"", ["lead_organisation_type"] = "\"regional_authority\"", ["regional_authority_role"] = """["indirect_funding"]""",
            ["start_date"] = "\"2013\"", ["end_date"] = "\"ongoing\"", ["integration_areas"] = """["language","education","labour_market"]""",
            ["target_groups"] = """["newly_arrived","international_protection"]""", ["beneficiaries_count"] = "5000",
            ["funding_sources"] = """["regional_budget","amif"]""", ["budget_eur"] = "1200000", ["consent_publish"] = "true",
        }),
        ["el"] = new("el-GR",
        [
            "Γιώργος Νικολάου", "Περιφέρεια ΑΜΘ, Δ/νση Κοινωνικής Πολιτικής", "g.nikolaou@pamth.gov.gr", "παράλειψη",
            "Δίκτυο διερμηνέων στα νοσοκομεία", "Ελλάδα", "Αλεξ/πολη", "Περιφέρεια Ανατολικής Μακεδονίας και Θράκης",
            "περιφερειακή αρχή", "πληρώνουμε το προσωπικό", "Η Περιφέρεια πληρώνει τους διερμηνείς.", "Νοσοκομείο Αλεξανδρούπολης και δύο ΜΚΟ",
            "Σεπτέμβρη του 2021", "όχι ακόμα", "υγεία", "πρόσφυγες και ΑΣΑ",
            "Οι ασθενείς δεν μπορούσαν να συνεννοηθούν με τους γιατρούς.", "Διερμηνεία σε κάθε εφημερία.", "Βάρδιες διερμηνέων, τηλεδιερμηνεία.",
            "Πάνω από 3.000 επισκέψεις με διερμηνέα.", "περίπου 500 άτομα", "ΤΑΜΕ και ιδιωτικοί πόροι", "50 χιλ. ευρώ",
            "Τηλεδιερμηνεία για τις σπάνιες γλώσσες.", "Λίγοι διερμηνείς για τα φαρσί· εκπαιδεύσαμε νέους.",
            "Η διερμηνεία πρέπει να είναι μέρος της βάρδιας.", "Κάθε περιφέρεια με νοσοκομείο αναφοράς.", "Από το 2026 στον προϋπολογισμό του νοσοκομείου.",
            "Μηνιαία καταγραφή επισκέψεων.", "www.pamth.gov.gr", "όχι ακόμα", "μάλιστα", "υποβολή",
        ],
        new Dictionary<string, string>
        {
            ["region"] = "\"EL51\"", ["lead_organisation_type"] = "\"regional_authority\"", ["regional_authority_role"] = """["indirect_funding"]""",
            ["start_date"] = "\"2021-09\"", ["end_date"] = "\"ongoing\"", ["integration_areas"] = """["health"]""",
            ["target_groups"] = """["international_protection","unaccompanied_minors"]""", ["beneficiaries_count"] = "500",
            ["funding_sources"] = """["amif","private"]""", ["budget_eur"] = "50000", ["consent_publish"] = "true",
        }),
    };
    /// <summary>
    /// Session 34: typed in a hurry in fr/es/it/pt: a role after a comma or a title before the name, "no" or "none" to the
    /// partners (an answer there), a correction typed at the date on screen after "did you mean …?", two dates joined by
    /// "or" (both offered, one picked), "CCAA", "ANR", "UE", "1,5k", "3 mil", "2,3 M€", typos in the region. Session 42: a
    /// bare "oui", "sí", "si" to the tips for transferring it is asked again (no tips); the tips follow.
    /// </summary>
    public static IReadOnlyDictionary<string, Chat> Hurried { get; } = new Dictionary<string, Chat>
    {
        ["fr"] = new("fr-FR",
        [
            "Hélène Dubois, cheffe de service", "Region Occitanie - DSI", "h.dubois@laregion.fr", "passer", "Parcours d'integration des BPI",
            "fr", "Occitanie", "la Region", "administration publique", "regionale", "pilote + finance", "non", "aucun",
            "sept. 21", "pardon, je voulais dire mars 2021", "2025 ou 2026", "2026", "emploi & logement", "BPI et demandeurs d'asile",
            "Manque de suivi apres l'OFII", "Accompagner 12 mois", "Referents de parcours", "1500 accompagnes", "1,5k",
            "ANR + FSE+ et UE", "2,3 M€", "Referent unique", "Turn-over: formation", "Coordination", "oui",
            "oui, avec un referent unique par departement", "non", "aucun", "non",
            "ok", "envoyer",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"H\\u00E9l\\u00E8ne Dubois\"", ["region"] = "\"FRJ\"", ["lead_organisation_type"] = "\"regional_authority\"",
            ["regional_authority_role"] = """["direct_leader","indirect_funding"]""", ["partners"] = "\"aucun\"", ["start_date"] = "\"2021-03\"",
            ["end_date"] = "\"2026\"", ["integration_areas"] = """["labour_market","housing"]""", ["beneficiaries_count"] = "1500",
            ["funding_sources"] = """["national_budget","esf_plus","other_eu"]""", ["budget_eur"] = "2300000", ["sustainability"] = "\"non\"",
            ["monitoring_evaluation"] = "\"aucun\"", ["consent_publish"] = "true",
        }),
        ["es"] = new("es-ES",
        [
            "Dña. Carmen López, jefa de servicio", "Junta de Andalucía, Consejería de Inclusión", "carmen.lopez@juntadeandalucia.es", "saltar",
            "Plan Andaluz de Acogida", "españa", "Andaluccia", "sí", "la Junta", "CCAA", "lidera y financia", "no", "no",
            "oct 23", "perdón, quise decir 2021", "2023 o 2024", "2", "empleo y vivienda", "inmigrantes extracomunitarios y solicitantes de asilo",
            "Falta de coordinacion", "Itinerarios integrados", "Acogida, orientación laboral", "3.000 personas", "3 mil",
            "FSE+ y UE", "1,2 mill", "Ventanilla única", "Idioma: mediadores", "Coordinar con aytos.", "sí",
            "sí, con una ventanilla única por provincia", "no", "ninguno", "no",
            "si", "enviar",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"Carmen L\\u00F3pez\"", ["region"] = "\"ES61\"", ["lead_organisation_type"] = "\"regional_authority\"",
            ["partners"] = "\"no\"", ["start_date"] = "\"2021\"", ["end_date"] = "\"2024\"", ["beneficiaries_count"] = "3000",
            ["funding_sources"] = """["esf_plus","other_eu"]""", ["budget_eur"] = "1200000", ["sustainability"] = "\"no\"",
            ["monitoring_evaluation"] = "\"ninguno\"", ["consent_publish"] = "true",
        }),
        ["it"] = new("it-IT",
        [
            "giulia rossi", "coop sociale Il Ponte", "giulia@ilponte.coop", "salta", "doposcuola per minori stranieri", "Italia",
            "Lombradia", "si", "noi", "cooperativa sociale", "nessuno", "nessuno", "2/3/24", "in corso", "education e language",
            "MSNA e donne", "dispersione scolastica", "successo scolastico", "doposcuola 4 gg", "60 ragazzi", "circa 60",
            "fondazione bancaria e UE", "20mila", "tutor pari", "volontari pochi", "continuità", "si",
            "si, basta una rete di volontari", "no", "nessuno",
            "non ce l'abbiamo", "ok", "invia",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"Giulia Rossi\"", ["region"] = "\"ITC4\"", ["lead_organisation_type"] = "\"ngo\"", ["regional_authority_role"] = """["none"]""",
            ["partners"] = "\"nessuno\"", ["start_date"] = "\"2024-03-02\"", ["end_date"] = "\"ongoing\"",
            ["integration_areas"] = """["education","language"]""", ["target_groups"] = """["unaccompanied_minors","women"]""",
            ["funding_sources"] = """["private","other_eu"]""", ["budget_eur"] = "20000", ["monitoring_evaluation"] = "\"nessuno\"",
            ["consent_publish"] = "true",
        }),
        ["pt"] = new("pt-PT",
        [
            "Prof. Doutor Rui Pereira", "Universidade de Lisboa, ICS", "rui.pereira@ics.ulisboa.pt", "saltar", "Observatório regional da integração",
            "PT", "Norte de Portgal", "sim", "ICS-ULisboa", "universidade", "A CCDR é parceira do projeto e cofinancia os inquéritos.", "sim",
            "Disponibiliza dados administrativos.", "nao", "março 24", "desculpe, queria dizer 2023", "dez 2024",
            "emprego, educação e participação política", "nacionais de países terceiros e sociedade de acolhimento",
            "Não existiam dados regionais.", "Construir indicadores.", "Inquéritos, grupos focais.", "3 relatórios", "não sei",
            "FSE+ e UE", "200.000 €", "Dados abertos", "RGPD", "Tempo", "Alta", "não", "nenhum", "www.ics.ulisboa.pt", "sim", "submeter",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"Rui Pereira\"", ["region"] = "\"PT11\"", ["lead_organisation_type"] = "\"university_research\"",
            ["regional_authority_role"] = """["direct_partner","indirect_funding"]""", ["partners"] = "\"nao\"", ["start_date"] = "\"2023\"",
            ["end_date"] = "\"2024-12\"", ["integration_areas"] = """["labour_market","education","political_participation"]""",
            ["funding_sources"] = """["esf_plus","other_eu"]""", ["budget_eur"] = "200000", ["consent_publish"] = "true",
        }),
    };
    /// <summary>
    /// Session 35: typed in a hurry in de/el/sv/en: a post after a comma written with capitals ("Sachgebietsleiter
    /// Integration", "Integration Officer", "Enhetschef"), a period typed at the start date (its end offered for the end
    /// date and taken with a yes), a role said against what the region does not do after a comma ("sonst nicht beteiligt",
    /// "otherwise not involved", "annars inte inblandade"), Greek typed in Latin letters ("ews shmera", "300 xiliades"),
    /// Swedish without å/ä/ö, a slip in the region.
    /// </summary>
    public static IReadOnlyDictionary<string, Chat> HurriedPeriods { get; } = new Dictionary<string, Chat>
    {
        ["de"] = new("de-DE",
        [
            "Jürgen Weber, Sachgebietsleiter Integration", "LRA Göttingen", "j.weber@landkreisgoettingen.de", "nö hab keine dienstnummer",
            "Integrationslotsen", "Deutschland", "Niedersachen", "ja", "Landkreis Göttingen", "Kreisverwaltung",
            "Land fördert über die Richtlinie, sonst nicht beteiligt", "-", "Caritas, Diakonie, VHS", "2019–2021", "ja",
            "Arbeit, Sprache u. Wohnen", "Geflüchtete u. Neuzugewanderte", "Behördendschungel", "schneller selbstständig",
            "Lotsen begleiten zu Ämtern", "120 Tandems", "ca. 450 Personen", "Landesmittel + Eigenmittel Kreis", "ca. 1,2 Mio. €",
            "Lotsen sprechen die Herkunftssprachen", "Fluktuation -> Aufwandsentschädigung", "Koordination braucht Personal",
            "klein anfangen", "Verstetigung im Kreishaushalt", "jährl. Sachbericht", "gibts nicht", "ja passt", "ja",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"J\\u00FCrgen Weber\"", ["region"] = "\"DE9\"", ["lead_organisation_type"] = "\"local_authority\"",
            ["regional_authority_role"] = """["indirect_funding"]""", ["start_date"] = "\"2019\"", ["end_date"] = "\"2021\"",
            ["integration_areas"] = """["labour_market","language","housing"]""", ["beneficiaries_count"] = "450",
            ["budget_eur"] = "1200000", ["consent_publish"] = "true",
        }),
        ["el"] = new("el-GR",
        [
            "Giorgos Nikolaou", "ARSIS", "g.nikolaou@arsis.gr", "oxi", "Stegasi asynodeuton anilikon", "Ellada", "Attikh", "emeis",
            "MKO", "kanenas rolos", "-", "Dimos Athinaion", "Ianouarios 2018 ews shmera", "nai", "stegasi kai ygeia",
            "asynodeutoi anilikoi", "Polla paidia sto dromo", "Asfalis stegasi", "Domes filoksenias", "150 paidia stegastikan",
            "150 paidia", "dwrees", "300 xiliades", "Mikres domes", "Xrimatodotisi", "Synergasia me eisaggelea",
            "Na ksekinisoun me mikres domes", "synexizetai me dwrees", "etisia ekthesi", "den exoume", "nai", "nai",
        ],
        new Dictionary<string, string>
        {
            ["region"] = "\"EL30\"", ["lead_organisation_type"] = "\"ngo\"", ["regional_authority_role"] = """["none"]""",
            ["start_date"] = "\"2018-01\"", ["end_date"] = "\"ongoing\"", ["integration_areas"] = """["housing","health"]""",
            ["target_groups"] = """["unaccompanied_minors"]""", ["funding_sources"] = """["private"]""", ["budget_eur"] = "300000",
            ["consent_publish"] = "true",
        }),
        ["sv"] = new("sv-SE",
        [
            "Karin Lindqvist, Enhetschef", "Malmo stad", "karin.lindqvist@malmo.se", "nej tack", "Sprakvan Malmo", "Sverige", "Skane",
            "Malmo stad", "kommun", "Region Skåne ger medel, annars inte inblandade", "-", "Arbetsförmedlingen, ABF", "vt 2021 - idag",
            "ja", "sprak, arbete o bostad", "nyanlanda", "Få kontakter med svensktalande", "Öka kontakter", "Matchning av språkvänner",
            "300 matchningar", "ca 300 pers", "kommunen + ESF", "2 mkr", "Matchning via app", "Svårt att hitta språkvänner",
            "Personlig kontakt", "Börja med föreningarna", "permanent", "enkäter", "malmo.se/sprakvan", "ja absolut", "ja",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"Karin Lindqvist\"", ["region"] = "\"SE22\"", ["lead_organisation_type"] = "\"local_authority\"",
            // "vt 2021": the spring term's first month (session 37; it was the year).
            ["regional_authority_role"] = """["indirect_funding"]""", ["start_date"] = "\"2021-01\"", ["end_date"] = "\"ongoing\"",
            ["integration_areas"] = """["language","labour_market","housing"]""", ["target_groups"] = """["newly_arrived"]""",
            ["funding_sources"] = """["local_budget","esf_plus"]""", ["consent_publish"] = "true",
        }),
        ["en"] = new("en-IE",
        [
            "Siobhan Murphy, Integration Officer", "Cork County Council", "siobhan.murphy@corkcoco.ie", "no", "Migrant Integration Strategy",
            "Ireland", "Southern Region", "same as above", "local authority", "funds it, otherwise not involved", "-", "Cork ETB, Nasc",
            "Sept '19 - present", "yes", "jobs, english classes and housing", "refugees and asylum seekers", "Little access to services",
            "Coordinate services", "Drop-in clinics", "Over 2,000 people reached", "approx 2k", "council funding plus some AMIF money",
            "€300k", "Clinics in libraries", "Transport - mobile clinics", "Meet regularly", "Start with an interagency group",
            "mainstreamed", "annual review", "corkcoco.ie/integration", "yep", "send",
        ],
        new Dictionary<string, string>
        {
            ["contact_name"] = "\"Siobhan Murphy\"", ["region"] = "\"IE05\"", ["lead_organisation_type"] = "\"local_authority\"",
            ["regional_authority_role"] = """["indirect_funding"]""", ["start_date"] = "\"2019-09\"", ["end_date"] = "\"ongoing\"",
            ["beneficiaries_count"] = "2000", ["funding_sources"] = """["local_budget","amif"]""", ["budget_eur"] = "300000",
            ["consent_publish"] = "true",
        }),
    };

    /// <summary>
    /// Session 36: the moves of a conversation around the answers, in all 8 languages, on the hurried chats above: asking what
    /// a question means ("was ist gemeint?", "τι εννοείτε;", "in che senso?"), skipping as people say it ("lass mal aus", "vet
    /// ej", "não sei"), going back and on again past an answer ("zurück", "weiter": kept), switching language in a sentence and
    /// back ("kann ich das auf Englisch machen?", "auf Deutsch bitte"), and at "submit now?" a no that names what to change
    /// ("nein, das Budget ist falsch"), the new value, then a yes with more words ("ok go", "ja, skicka").
    /// </summary>
    public static IReadOnlyDictionary<string, Chat> Moves { get; } = new Dictionary<string, Chat>
    {
        ["de"] = WithMoves(HurriedPeriods["de"], "was ist gemeint?", "lass mal aus", "zurück", "weiter", "kann ich das auf Englisch machen?",
            "auf Deutsch bitte", ["nein, das Budget ist falsch", "ca. 1,3 Mio. €", "ok, abschicken"], "1300000"),
        ["en"] = WithMoves(HurriedPeriods["en"], "what do you mean?", "pass this one", "back", "next", "can we do this in German?",
            "English please", ["no, change the budget", "€350k", "ok go"], "350000"),
        ["el"] = WithMoves(HurriedPeriods["el"], "τι εννοείτε;", "δεν ξέρω", "πίσω", "επόμενη", "μπορούμε να συνεχίσουμε στα αγγλικά;",
            "στα ελληνικά παρακαλώ", ["όχι, θέλω να αλλάξω τον προϋπολογισμό", "350 χιλιάδες ευρώ", "ναι, υποβολή"], "350000"),
        ["sv"] = WithMoves(HurriedPeriods["sv"], "vad menar du?", "vet ej", "tillbaka", "nästa", "kan vi byta till engelska?",
            "på svenska tack", ["nej, jag vill ändra budgeten", "ca 250 000 euro", "ja, skicka"], "250000"),
        ["fr"] = WithMoves(Hurried["fr"], "c'est-à-dire ?", "je sais pas", "retour", "suivant", "on peut faire ça en anglais ?",
            "en français svp", ["non, je voudrais modifier le budget", "2,4 M€", "oui, envoyer"], "2400000"),
        ["es"] = WithMoves(Hurried["es"], "¿a qué se refiere?", "no sé", "atrás", "siguiente", "¿podemos seguir en inglés?",
            "en español, por favor", ["no, quiero cambiar el presupuesto", "1,3 mill", "sí, enviar"], "1300000"),
        ["it"] = WithMoves(Hurried["it"], "in che senso?", "non lo so", "indietro", "avanti", "possiamo passare all'inglese?",
            "in italiano per favore", ["no, devo cambiare il budget", "25mila", "sì, invia"], "25000"),
        ["pt"] = WithMoves(Hurried["pt"], "como assim?", "não sei", "voltar", "seguinte", "podemos continuar em inglês?",
            "em português, por favor", ["não, quero mudar o orçamento", "250.000 €", "sim, submeter"], "250000"),
    };

    /// <summary>
    /// Session 37: an NGO volunteer on a phone, a whole questionnaire in each language: lower case, no accents ("ellada",
    /// "asylsokande"), SMS words ("n/a", "tbc", "idk", "2k eur", "approx 50 ppl", "k"), "👍" for yes, one answer in two
    /// messages ("Caritas", then "and the red cross"), and at "submit now?" a no naming the dates (the start date, then the end
    /// date asked again). Main's engine submitted none of the eight: "👍" was "your message is empty", "k" was kept under
    /// Other, "and the red cross" was refused as a date. Since session 43 "a bit", "un peu", "un poco", "λίγο" are fillers
    /// beside a funding source named (no Other to confirm there), so "k" confirms an Other only in German and Portuguese; the
    /// Greek volunteer's "dwrees + ligo apo to dimo" is then read as private and local funding, a guess the thumb confirms.
    /// </summary>
    public static IReadOnlyDictionary<string, Chat> Phone { get; } = new Dictionary<string, Chat>
    {
        ["en"] = new("en-IE", ["hi", "tom byrne", "doras", "tom@doras.ie", "n/a", "drop in cafe for new arrivals", "ireland", "midwest", "👍", "doras", "ngo", "they fund us a bit", "n/a", "Caritas", "and the red cross", "2019", "still going", "language, housing, jobs", "refugees n asylum seeker's", "ppl had nowhere to go", "help ppl settle in", "weekly cafe + english convo", "approx 50 ppl a week", "approx 50 ppl", "donations + some council money", "2k eur", "all volunteers", "funding tbc", "keep it small", "just start", "tbc", "idk", "n/a", "👍", "no, the dates are wrong", "2018", "still going", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas and the red cross\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["de"] = new("de-DE", ["hallo", "jonas weber", "caritas kassel", "j.weber@caritas-kassel.de", "n/a", "sprachcafe fur gefluchtete", "deutschland", "hessen", "caritas", "ngo", "foerdert uns ein bisschen", "k", "n/a", "Diakonie", "und das DRK", "2019", "laeuft noch", "sprache, wohnen, arbeit", "gefluchtete u asylbewerber", "leute wussten nicht wohin", "ankommen erleichtern", "woechentliches cafe", "ca 50 leute pro woche", "ca 50 leute", "spenden + etwas geld vom landkreis", "2k eur", "alles ehrenamtlich", "finanzierung unklar", "klein anfangen", "einfach machen", "tbc", "weiss nicht", "n/a", "👍", "nein, die Daten stimmen nicht", "2018", "laeuft noch", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Diakonie und das DRK\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["fr"] = new("fr-FR", ["salut", "marc dubois", "secours populaire lyon", "marc@spf69.fr", "n/a", "cafe des nouveaux arrivants", "france", "auvergne rhone alpes", "secours populaire", "asso", "la region nous finance un peu", "n/a", "Caritas", "et la croix rouge", "2019", "en cours", "langue, logement, emploi", "refugies et demandeurs dasile", "les gens savaient pas ou aller", "aider a sinstaller", "cafe chaque semaine", "env 50 pers par semaine", "env 50 pers", "dons + un peu de la mairie", "2k eur", "que des benevoles", "financement a confirmer", "commencer petit", "se lancer", "tbc", "sais pas", "n/a", "👍", "non, les dates sont fausses", "2018", "en cours", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas et la croix rouge\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["es"] = new("es-ES", ["hola", "pablo garcia", "cepaim murcia", "pablo@cepaim.org", "n/a", "cafe para recien llegados", "espana", "murcia", "cepaim", "ong", "la region nos financia un poco", "n/a", "Caritas", "y cruz roja", "2019", "sigue", "idioma, vivienda, empleo", "refugiados y solicitantes de asilo", "la gente no sabia a donde ir", "ayudar a instalarse", "cafe semanal", "aprox 50 pers a la semana", "aprox 50 pers", "donaciones + algo del ayuntamiento", "2k eur", "todo voluntarios", "financiacion por confirmar", "empezar pequeño", "lanzarse", "tbc", "ni idea", "n/a", "👍", "no, las fechas estan mal", "2018", "sigue", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas y cruz roja\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["it"] = new("it-IT", ["ciao", "luca rossi", "arci bologna", "luca@arcibologna.it", "n/a", "caffe per nuovi arrivati", "italia", "emilia romagna", "arci", "ong", "la regione ci finanzia un po", "n/a", "Caritas", "e la croce rossa", "2019", "ancora attivo", "lingua, casa, lavoro", "rifugiati e richiedenti asilo", "la gente non sapeva dove andare", "aiutare ad ambientarsi", "caffe settimanale", "circa 50 pers a settimana", "circa 50 pers", "donazioni + un po dal comune", "2k eur", "tutti volontari", "finanziamento da confermare", "partire in piccolo", "buttarsi", "tbc", "boh", "n/a", "👍", "no, le date sono sbagliate", "2018", "ancora attivo", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas e la croce rossa\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["pt"] = new("pt-PT", ["ola", "joao silva", "cpr lisboa", "joao@cpr.pt", "n/a", "cafe para recem chegados", "portugal", "lisboa", "cpr", "ong", "a camara financia um pouco", "k", "n/a", "Caritas", "e a cruz vermelha", "2019", "em curso", "lingua, habitacao, emprego", "refugiados e requerentes de asilo", "as pessoas nao sabiam onde ir", "ajudar a integrar", "cafe semanal", "aprox 50 pessoas por semana", "aprox 50 pessoas", "donativos + algum da camara", "2k eur", "tudo voluntarios", "financiamento a confirmar", "comecar pequeno", "ir em frente", "tbc", "nao sei", "n/a", "👍", "nao, as datas estao erradas", "2018", "em curso", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas e a cruz vermelha\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["sv"] = new("sv-SE", ["hej", "erik larsson", "radda barnen malmo", "erik@rb.se", "n/a", "sprakcafe for nyanlanda", "sverige", "skane", "radda barnen", "ideell", "regionen finansierar lite", "n/a", "Caritas", "och roda korset", "2019", "pagar", "sprak, boende, jobb", "flyktingar o asylsokande", "folk visste inte vart de skulle", "hjalpa folk komma in", "cafe varje vecka", "ca 50 pers i veckan", "ca 50 pers", "gavor + lite fran kommunen", "2k eur", "bara volontarer", "finansiering oklar", "borja smatt", "kor bara", "tbc", "vet ej", "n/a", "👍", "nej, datumen ar fel", "2018", "pagar", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas och roda korset\"", ["lead_organisation_type"] = "\"ngo\"" }),
        ["el"] = new("el-GR", ["geia", "nikos papadopoulos", "praksis", "nikos@praksis.gr", "n/a", "kafe gia neoafixthentes", "ellada", "attiki", "praksis", "mko", "i perifereia mas xrimatodotei ligo", "n/a", "Caritas", "kai o erythros stavros", "2019", "synexizetai", "glwssa, stegasi, douleia", "prosfyges kai aitoudes asylo", "oi anthrwpoi den ixeran pou na pane", "na voithisoume na egkatastathoun", "evdomadiaio kafe", "peripou 50 atoma tin evdomada", "peripou 50 atoma", "dwrees + ligo apo to dimo", "👍", "2k eur", "mono ethelontes", "xrimatodotisi ekkremei", "na ksekinisete mikra", "kante to", "tbc", "den kserw", "n/a", "👍", "οχι, οι ημερομηνιες ειναι λαθος", "2018", "synexizetai", "👍"],
            new Dictionary<string, string> { ["start_date"] = "\"2018\"", ["end_date"] = "\"ongoing\"", ["budget_eur"] = "2000", ["beneficiaries_count"] = "50", ["partners"] = "\"Caritas kai o erythros stavros\"", ["lead_organisation_type"] = "\"ngo\"" }),
    };

    /// <summary>
    /// <paramref name="chat"/> with the moves: a question about the organisation question, the phone skipped so, "back" and
    /// "next" at the country (the title kept), a switch of language and back before the region, and <paramref name="end"/>
    /// in place of the submit word. The budget expected is the one typed at the end.
    /// </summary>
    private static Chat WithMoves(Chat chat, string help, string skip, string back, string next, string switchAway, string switchBack,
        string[] end, string budget)
    {
        var m = chat.Messages;
        var expected = new Dictionary<string, string>(chat.Expected) { ["budget_eur"] = budget };
        return new Chat(chat.Locale, [m[0], help, m[1], m[2], skip, m[4], back, next, m[5], switchAway, switchBack, .. m.Skip(6).SkipLast(1), .. end], expected);
    }
}
