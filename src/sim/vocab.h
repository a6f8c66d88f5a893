// Vocabularies for task generators: names, words, companies, products, places. Sizeable on
// purpose (hundreds of entries each) so a policy cannot memorise the strings it sees.
#pragma once

#include <string>
#include <vector>

#include "core/rng.h"

namespace hemu::vocab {

const std::vector<std::string>& first_names();
const std::vector<std::string>& last_names();
const std::vector<std::string>& words();        // common lowercase nouns and adjectives
const std::vector<std::string>& verbs();        // button captions: "Save", "Send", ...
const std::vector<std::string>& companies();
const std::vector<std::string>& products();
const std::vector<std::string>& cities();
const std::vector<std::string>& streets();
const std::vector<std::string>& colors();
const std::vector<std::string>& countries();
const std::vector<std::string>& months();       // "January" .. "December"
const std::vector<std::string>& departments();
const std::vector<std::string>& email_domains();

// "Maria Lopez"
std::string full_name(Rng& rng);
// "maria.lopez@example.org"-style address from a name.
std::string email_for(const std::string& full_name, Rng& rng);
// A phrase of n words ("quiet river lamp").
std::string phrase(Rng& rng, int n);
// A capitalised sentence of n words, with a final full stop.
std::string sentence(Rng& rng, int n);
// `n` distinct entries of `list`.
std::vector<std::string> distinct(Rng& rng, const std::vector<std::string>& list, int n);
// A password of `length` with letters, digits and a symbol.
std::string password(Rng& rng, int length);
// An order number like "ORD-48213" or "#50917".
std::string order_number(Rng& rng);
// "555-0147"-style phone number.
std::string phone(Rng& rng);
// Capitalises the first letter.
std::string capitalise(std::string s);

}  // namespace hemu::vocab
