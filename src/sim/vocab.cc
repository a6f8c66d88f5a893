#include "sim/vocab.h"

#include <cctype>

namespace hemu::vocab {

// Word lists are data: edit freely, but keep entries unique (tests check) and ASCII-only except
// where a list is meant to exercise non-ASCII text.
const std::vector<std::string>& first_names() {
  static const std::vector<std::string> list = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Edward", "Deborah",
    "Ronald", "Stephanie", "Timothy", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
    "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Shirley", "Eric", "Angela", "Jonathan", "Helen",
    "Stephen", "Anna", "Larry", "Brenda", "Justin", "Pamela", "Scott", "Nicole", "Brandon", "Emma",
    "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Frank", "Debra", "Alexander",
    "Rachel", "Raymond", "Catherine", "Patrick", "Carolyn", "Jack", "Janet", "Dennis", "Ruth", "Jerry",
    "Maria", "Tyler", "Heather", "Aaron", "Diane", "Jose", "Virginia", "Adam", "Julie", "Henry", "Joyce",
    "Nathan", "Victoria", "Douglas", "Olivia", "Zachary", "Kelly", "Peter", "Christina", "Kyle", "Lauren",
    "Walter", "Joan", "Ethan", "Evelyn", "Jeremy", "Judith", "Harold", "Megan", "Keith", "Cheryl",
    "Christian", "Andrea", "Roger", "Hannah", "Noah", "Martha", "Gerald", "Jacqueline", "Carl", "Frances",
    "Terry", "Gloria", "Sean", "Ann", "Austin", "Teresa", "Arthur", "Kathryn", "Lawrence", "Sara", "Jesse",
    "Janice", "Dylan", "Jean", "Bryan", "Alice", "Joe", "Madison", "Jordan", "Doris", "Billy", "Abigail",
    "Bruce", "Julia", "Albert", "Judy", "Willie", "Grace", "Gabriel", "Denise", "Logan", "Amber", "Alan",
    "Marilyn", "Juan", "Beverly", "Wayne", "Danielle", "Roy", "Theresa", "Ralph", "Sophia", "Randy", "Marie",
    "Eugene", "Diana", "Vincent", "Brittany", "Russell", "Natalie", "Elijah", "Isabella", "Louis",
    "Charlotte", "Bobby", "Rose", "Philip", "Alexis", "Johnny", "Kayla", "Priya", "Ahmed", "Yuki", "Chen",
    "Fatima", "Olga", "Lars", "Ingrid", "Mateo", "Lucia", "Omar", "Aisha", "Kenji", "Mei", "Ravi", "Anika",
    "Dmitri", "Sofia", "Tomas", "Elena", "Hassan", "Leila", "Jonas", "Freya", "Pablo", "Camila", "Arjun",
    "Zara", "Kwame", "Amara", "Hiroshi", "Sakura", "Ivan", "Nadia", "Felix", "Clara",
  };
  return list;
}

const std::vector<std::string>& last_names() {
  static const std::vector<std::string> list = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez",
    "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart",
    "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
    "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
    "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins",
    "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales", "Fisher",
    "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds",
    "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran",
    "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez",
    "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb",
    "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner",
    "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice",
    "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver", "Ryan", "Gardner",
    "Payne", "Grant", "Dunn", "Kowalski", "Novak", "Larsen", "Berg", "Tanaka", "Suzuki", "Singh", "Sharma",
    "Okafor", "Mensah", "Ivanova", "Petrov", "Muller", "Schneider", "Rossi", "Bianchi", "Dubois", "Moreau",
    "Jensen", "Nilsson", "Yilmaz", "Haddad", "Nakamura", "Costa", "Almeida", "Kaur",
  };
  return list;
}

const std::vector<std::string>& words() {
  static const std::vector<std::string> list = {
    "apple", "river", "stone", "cloud", "garden", "bright", "silver", "quiet", "orange", "window", "paper",
    "forest", "ocean", "candle", "yellow", "simple", "rapid", "gentle", "marble", "copper", "meadow",
    "island", "harbor", "pepper", "violet", "winter", "summer", "autumn", "spring", "falcon", "maple",
    "cedar", "willow", "thunder", "breeze", "canyon", "desert", "valley", "summit", "lantern", "compass",
    "anchor", "velvet", "crystal", "amber", "ivory", "jasper", "coral", "lemon", "mango", "cherry", "plum",
    "peach", "olive", "basil", "ginger", "honey", "cocoa", "coffee", "tea", "biscuit", "muffin", "pretzel",
    "noodle", "pickle", "walnut", "almond", "hazel", "acorn", "pebble", "boulder", "glacier", "tundra",
    "prairie", "jungle", "lagoon", "delta", "estuary", "fjord", "geyser", "volcano", "crater", "comet",
    "meteor", "planet", "galaxy", "nebula", "quasar", "rocket", "shuttle", "satellite", "orbit", "radar",
    "sonar", "signal", "beacon", "pixel", "vector", "matrix", "kernel", "cipher", "token", "ledger",
    "bridge", "tunnel", "tower", "castle", "palace", "cottage", "cabin", "barn", "mill", "forge", "quarry",
    "mine", "pier", "dock", "wharf", "market", "bazaar", "plaza", "avenue", "boulevard", "alley", "lane",
    "trail", "path", "road", "highway", "ferry", "tram", "train", "bicycle", "scooter", "wagon", "carriage",
    "sled", "canoe", "kayak", "yacht", "raft", "glider", "balloon", "kite", "parrot", "penguin", "otter",
    "badger", "beaver", "rabbit", "squirrel", "hedgehog", "fox", "wolf", "bear", "moose", "bison", "camel",
    "llama", "zebra", "giraffe", "rhino", "hippo", "lion", "tiger", "leopard", "jaguar", "panther", "lynx",
    "cougar", "eagle", "hawk", "owl", "raven", "sparrow", "robin", "finch", "heron", "crane", "stork",
    "swan", "goose", "duck", "pelican", "gull", "tern", "salmon", "trout", "tuna", "shark", "whale",
    "dolphin", "seal", "walrus", "crab", "lobster", "shrimp", "oyster", "clam", "squid", "octopus", "jelly",
    "sponge", "fern", "moss", "lichen", "tulip", "daisy", "lily", "orchid", "rose", "poppy", "iris", "lotus",
    "jasmine", "lavender", "sage", "thyme", "mint", "parsley", "chive", "fennel", "clover", "thistle",
    "bamboo", "cactus", "palm", "pine", "spruce", "birch", "oak", "elm", "ash", "beech", "alder", "poplar",
    "sequoia", "brisk", "calm", "eager", "fancy", "giant", "happy", "jolly", "kind", "lively", "merry",
    "nice", "proud", "silly", "witty", "zesty", "bold", "brave", "clever", "daring", "fierce", "grand",
    "humble", "loyal", "noble", "polite", "shy", "swift", "tidy", "vivid", "warm", "wise", "young",
    "ancient", "modern", "rustic", "urban", "rural", "coastal", "northern", "southern", "eastern", "western",
    "central", "hidden", "open", "secret", "public", "private", "golden", "wooden", "metal", "plastic",
    "glass", "steel", "cotton", "linen", "woolen", "silk", "leather", "rubber", "ceramic", "granite",
    "sandy", "rocky", "muddy", "snowy", "rainy", "sunny", "windy", "foggy", "stormy", "misty", "frosty",
    "icy", "dusty", "smoky", "shiny", "dull", "sharp", "smooth", "rough", "soft", "hard", "heavy", "light",
    "dark", "pale", "deep", "shallow", "narrow", "wide", "tall", "short", "long", "round", "square", "flat",
    "steep",
  };
  return list;
}

const std::vector<std::string>& verbs() {
  static const std::vector<std::string> list = {
    "Save", "Send", "Submit", "Cancel", "Delete", "Apply", "Confirm", "Continue", "Next", "Back", "Close",
    "Open", "Edit", "Update", "Search", "Reset", "Clear", "Upload", "Download", "Share", "Print", "Export",
    "Import", "Archive", "Restore", "Approve", "Reject", "Accept", "Decline", "Retry", "Refresh", "Sync",
    "Publish", "Preview", "Copy", "Move", "Rename", "Create", "Add", "Remove", "Join", "Leave", "Start",
    "Stop", "Pause", "Resume", "Finish", "Skip", "Undo", "Redo", "Help", "Settings", "Login", "Logout",
    "Register", "Subscribe", "Unsubscribe", "Follow", "Reply", "Forward", "Assign", "Escalate", "Resolve",
    "Merge", "Split", "Lock", "Unlock", "Enable", "Disable", "Install", "Verify", "Schedule", "Book",
    "Order", "Pay", "Checkout", "Browse", "Filter", "Sort", "Select", "Done", "OK", "Yes", "No", "Later",
    "Dismiss",
  };
  return list;
}

const std::vector<std::string>& companies() {
  static const std::vector<std::string> list = {
    "Acme Inc", "Globex Ltd", "Initech Corp", "Umbrella Group", "Soylent Labs", "Hooli Systems",
    "Vandelay Inc", "Stark Ltd", "Wayne Corp", "Wonka Group", "Tyrell Labs", "Cyberdyne Systems",
    "Aperture Inc", "Massive Ltd", "Dynamic Corp", "Gringotts Group", "Oscorp Labs", "Nakatomi Systems",
    "Virtucon Inc", "Monarch Ltd", "Pied Corp", "Piper Group", "Bluth Labs", "Dunder Systems",
    "Sterling Inc", "Cooper Ltd", "Prestige Corp", "Oceanic Group", "Blue Labs", "Sun Systems",
    "Weyland Inc", "Yutani Ltd", "Veridian Corp", "Nexus Group", "Zenith Labs", "Apex Systems", "Summit Inc",
    "Pinnacle Ltd", "Horizon Corp", "Meridian Group", "Vertex Labs", "Quantum Systems", "Fusion Inc",
    "Orbit Ltd", "Stellar Corp", "Nova Group", "Polaris Labs", "Aurora Systems", "Evergreen Inc",
    "Riverbend Ltd", "Northwind Corp", "Contoso Group", "Fabrikam Labs", "Tailspin Systems", "Litware Inc",
    "Adventure Ltd", "Works Corp", "Wingtip Group", "Proseware Labs", "Lucerne Systems", "Woodgrove Inc",
    "Alpine Ltd", "Coho Corp", "Fourth Group", "Coffee Labs", "Margie Systems", "Trey Inc", "Research Ltd",
    "Bellows Corp", "Kestrel Group", "Ironclad Labs", "Brightwater Systems", "Silverline Inc", "Redwood Ltd",
    "Bluestone Corp", "Greenleaf Group", "Goldcrest Labs", "Blackrock Systems", "Whitecap Inc",
    "Clearview Ltd", "Farpoint Corp", "Lakeside Group", "Hilltop Labs", "Seaside Systems", "Sunrise Inc",
    "Moonlight Ltd", "Starlight Corp", "Firefly Group", "Dragonfly Labs", "Hummingbird Systems",
    "Kingfisher Inc", "Peregrine Ltd", "Osprey Corp", "Albatross Group",
  };
  return list;
}

const std::vector<std::string>& products() {
  static const std::vector<std::string> list = {
    "Wireless Mouse", "Mechanical Keyboard", "USB-C Hub", "Desk Lamp", "Office Chair", "Standing Desk",
    "Monitor Arm", "Laptop Stand", "Noise Cancelling Headphones", "Webcam", "Microphone", "External SSD",
    "Portable Charger", "Phone Case", "Screen Protector", "Coffee Grinder", "Espresso Machine",
    "French Press", "Electric Kettle", "Water Bottle", "Travel Mug", "Backpack", "Messenger Bag",
    "Notebook Set", "Fountain Pen", "Gel Pens", "Sticky Notes", "Desk Organizer", "Plant Pot", "Yoga Mat",
    "Dumbbell Set", "Running Shoes", "Rain Jacket", "Wool Socks", "Sun Hat", "Sunglasses", "Wrist Watch",
    "Fitness Tracker", "Smart Speaker", "Bluetooth Speaker", "Tablet Sleeve", "Cable Organizer",
    "Power Strip", "LED Strip", "Air Purifier", "Humidifier", "Space Heater", "Desk Fan", "Blender",
    "Toaster", "Rice Cooker", "Cast Iron Pan", "Chef Knife", "Cutting Board", "Spice Rack", "Tea Sampler",
    "Chocolate Box", "Puzzle Game", "Board Game", "Paint Set", "Sketchbook", "Guitar Strings", "Drum Sticks",
    "Camera Strap", "Tripod", "Memory Card", "Printer Ink", "Label Maker", "Paper Shredder", "Whiteboard",
    "Bookshelf", "Floor Rug", "Throw Pillow", "Bed Sheets", "Bath Towel", "Shower Curtain", "Toothbrush Kit",
    "Hair Dryer", "Shaving Kit", "Pet Bed", "Dog Leash", "Cat Toy", "Bird Feeder", "Garden Hose",
    "Seed Packet", "Tool Kit", "Cordless Drill", "Tape Measure", "Flashlight", "Camping Tent",
    "Sleeping Bag", "Picnic Basket", "Cooler Box", "Bike Helmet", "Bike Light", "Skateboard", "Snow Boots",
    "Ski Gloves",
  };
  return list;
}

const std::vector<std::string>& cities() {
  static const std::vector<std::string> list = {
    "Amsterdam", "Athens", "Austin", "Bangalore", "Barcelona", "Berlin", "Bogota", "Boston", "Brisbane",
    "Brussels", "Budapest", "Cairo", "Calgary", "Chicago", "Copenhagen", "Dallas", "Delhi", "Denver",
    "Dublin", "Edinburgh", "Florence", "Geneva", "Glasgow", "Hamburg", "Helsinki", "Houston", "Istanbul",
    "Jakarta", "Johannesburg", "Kyoto", "Lagos", "Lima", "Lisbon", "London", "Lyon", "Madrid", "Manila",
    "Marseille", "Melbourne", "Miami", "Milan", "Montreal", "Mumbai", "Munich", "Nairobi", "Naples", "Oslo",
    "Osaka", "Ottawa", "Paris", "Perth", "Philadelphia", "Phoenix", "Porto", "Prague", "Quebec", "Reykjavik",
    "Riga", "Rome", "Rotterdam", "Santiago", "Seattle", "Seoul", "Seville", "Shanghai", "Singapore",
    "Stockholm", "Sydney", "Taipei", "Tallinn", "Tokyo", "Toronto", "Valencia", "Vancouver", "Venice",
    "Vienna", "Vilnius", "Warsaw", "Wellington", "Zurich", "Auckland", "Adelaide", "Antwerp", "Bern",
    "Bologna", "Bordeaux", "Bristol", "Cardiff", "Cologne", "Cork", "Dresden", "Frankfurt", "Gdansk",
    "Ghent", "Granada", "Krakow", "Leeds", "Leipzig", "Liverpool", "Lucerne", "Malmo", "Manchester",
    "Nantes", "Nice", "Salzburg", "Split", "Toulouse", "Turin", "Utrecht", "Verona", "Cape Town",
    "Hong Kong", "Mexico City", "San Diego",
  };
  return list;
}

const std::vector<std::string>& streets() {
  static const std::vector<std::string> list = {
    "Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road", "Elm Street", "Park Avenue",
    "Lake Road", "Hill Street", "River Road", "Church Street", "Mill Lane", "Station Road", "High Street",
    "Garden Way", "Sunset Boulevard", "Bridge Street", "Market Square", "King Street", "Queen Street",
    "Forest Drive", "Meadow Lane", "Harbor View", "Spring Street", "Willow Court", "Birch Close",
    "Rose Terrace", "Valley Road", "Ocean Drive", "Bay Street",
  };
  return list;
}

const std::vector<std::string>& colors() {
  static const std::vector<std::string> list = {
    "Red", "Orange", "Yellow", "Green", "Blue", "Purple", "Pink", "Brown", "Black", "White", "Gray", "Teal",
    "Navy", "Maroon", "Olive", "Lime", "Cyan", "Magenta", "Beige", "Gold", "Silver", "Indigo", "Violet",
    "Turquoise", "Coral", "Salmon", "Crimson", "Lavender", "Mint", "Charcoal",
  };
  return list;
}

const std::vector<std::string>& countries() {
  static const std::vector<std::string> list = {
    "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Canada", "Chile", "China", "Colombia",
    "Czechia", "Denmark", "Egypt", "Estonia", "Finland", "France", "Germany", "Ghana", "Greece", "Hungary",
    "Iceland", "India", "Indonesia", "Ireland", "Israel", "Italy", "Japan", "Kenya", "Latvia", "Lithuania",
    "Malaysia", "Mexico", "Morocco", "Netherlands", "Nigeria", "Norway", "Peru", "Philippines", "Poland",
    "Portugal", "Romania", "Singapore", "Slovakia", "Slovenia", "Spain", "Sweden", "Switzerland", "Thailand",
    "Turkey", "Ukraine", "Uruguay", "Vietnam",
  };
  return list;
}

const std::vector<std::string>& months() {
  static const std::vector<std::string> list = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
  };
  return list;
}

const std::vector<std::string>& departments() {
  static const std::vector<std::string> list = {
    "Sales", "Marketing", "Engineering", "Finance", "Legal", "Support", "Operations", "Research", "Design",
    "Human Resources", "Procurement", "Logistics", "Security", "Quality", "Facilities", "Training",
    "Customer Success", "Product", "Data", "Compliance",
  };
  return list;
}

const std::vector<std::string>& email_domains() {
  static const std::vector<std::string> list = {
    "example.com", "example.org", "example.net", "mail.test", "inbox.test", "corp.test", "acme.test",
    "globex.test", "northwind.test", "contoso.test", "fabrikam.test",
  };
  return list;
}

std::string capitalise(std::string s) {
  if (!s.empty()) s[0] = char(std::toupper(uint8_t(s[0])));
  return s;
}

std::string full_name(Rng& rng) {
  // Two statements: the order of operands of + is unspecified in C++ and must not decide names.
  std::string first = rng.pick(first_names());
  return first + " " + rng.pick(last_names());
}

std::string email_for(const std::string& full_name, Rng& rng) {
  std::string local;
  for (char c : full_name) local += c == ' ' ? '.' : char(std::tolower(uint8_t(c)));
  return local + "@" + rng.pick(email_domains());
}

std::string phrase(Rng& rng, int n) {
  std::string out;
  for (const auto& w : distinct(rng, words(), n)) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string sentence(Rng& rng, int n) { return capitalise(phrase(rng, n)) + "."; }

std::vector<std::string> distinct(Rng& rng, const std::vector<std::string>& list, int n) {
  std::vector<std::string> out;
  for (int i : rng.sample_indices(int(list.size()), n)) out.push_back(list[size_t(i)]);
  return out;
}

std::string password(Rng& rng, int length) {
  static const std::string letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  static const std::string digits = "23456789";
  static const std::string symbols = "!#$%&*?@";
  std::string out;
  for (int i = 0; i < length; ++i) {
    if (i == length - 1) out += symbols[size_t(rng.uniform_int(0, int(symbols.size()) - 1))];
    else if (i % 4 == 3) out += digits[size_t(rng.uniform_int(0, int(digits.size()) - 1))];
    else out += letters[size_t(rng.uniform_int(0, int(letters.size()) - 1))];
  }
  return out;
}

std::string order_number(Rng& rng) {
  static const std::vector<std::string> prefixes = {"ORD-", "SO-", "#", "PO-"};
  const std::string prefix = rng.pick(prefixes);
  return prefix + std::to_string(rng.uniform_int(10000, 99999));
}

std::string phone(Rng& rng) {
  return "555-0" + std::to_string(rng.uniform_int(100, 199));
}

}  // namespace hemu::vocab
