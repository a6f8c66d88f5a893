#include "core/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace hemu {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 if it is malformed
// (truncated, overlong, a UTF-16 surrogate, or beyond U+10FFFF). Follows Unicode table 3-7.
size_t utf8_sequence_length(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) { return uint8_t(text[pos + i]); };
  const size_t left = text.size() - pos;
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) return 1;
  auto continuation = [&](size_t i, uint8_t lo = 0x80, uint8_t hi = 0xBF) {
    return i < left && byte(i) >= lo && byte(i) <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80;  // overlong
    const uint8_t hi = b0 == 0xED ? 0x9F : 0xBF;  // surrogates
    return continuation(1, lo, hi) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80;  // overlong
    const uint8_t hi = b0 == 0xF4 ? 0x8F : 0xBF;  // > U+10FFFF
    return continuation(1, lo, hi) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += char(code_point);
  } else if (code_point < 0x800) {
    out += char(0xC0 | (code_point >> 6));
    out += char(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += char(0xE0 | (code_point >> 12));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  } else {
    out += char(0xF0 | (code_point >> 18));
    out += char(0x80 | ((code_point >> 12) & 0x3F));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  }
}

// ASCII-only classification: <cctype> depends on the C locale.
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string hex_byte(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

void append_escaped(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (uint8_t(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", unsigned(uint8_t(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // std::to_chars without a precision gives the shortest text that reads back to the same double,
  // independent of the C locale (snprintf would use the locale's decimal point).
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  HEMU_CHECK(ec == std::errc()) << "to_chars failed for " << value;
  out.append(buf, end);
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t n = utf8_sequence_length(text, pos);
    if (n == 0) return false;
    pos += n;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Value access

Json::Json(const char* value) : type_(Type::kString) {
  HEMU_CHECK(value != nullptr) << "Json(const char*) from a null pointer";
  string_ = value;
}

Json Json::array() {
  Json j;
  j.type_ = Type::kArray;
  return j;
}

Json Json::object() {
  Json j;
  j.type_ = Type::kObject;
  return j;
}

bool Json::is_integer() const {
  if (type_ != Type::kNumber) return false;
  if (exact_int_) return true;
  // [-2^63, 2^63): both bounds are exact doubles, so the comparison itself cannot round.
  return std::isfinite(number_) && number_ == std::trunc(number_) && number_ >= -9223372036854775808.0 &&
         number_ < 9223372036854775808.0;
}

bool Json::as_bool() const {
  HEMU_CHECK(is_bool()) << "Json::as_bool() on " << dump();
  return bool_;
}

double Json::as_number() const {
  HEMU_CHECK(is_number()) << "Json::as_number() on " << dump();
  return number_;
}

int64_t Json::as_int() const {
  HEMU_CHECK(is_integer()) << "Json::as_int() on " << dump();
  return exact_int_ ? int_ : int64_t(number_);
}

const std::string& Json::as_string() const {
  HEMU_CHECK(is_string()) << "Json::as_string() on " << dump();
  return string_;
}

const std::vector<Json>& Json::as_array() const {
  HEMU_CHECK(is_array()) << "Json::as_array() on " << dump();
  return array_;
}

std::vector<Json>& Json::as_array() {
  HEMU_CHECK(is_array()) << "Json::as_array() on " << dump();
  return array_;
}

const Json* Json::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [name, value] : object_) {
    if (name == key) return &value;
  }
  return nullptr;
}

Json& Json::operator[](std::string_view key) {
  if (is_null()) type_ = Type::kObject;
  HEMU_CHECK(is_object()) << "Json::operator[](\"" << key << "\") on " << dump();
  for (auto& [name, value] : object_) {
    if (name == key) return value;
  }
  object_.emplace_back(std::string(key), Json());
  return object_.back().second;
}

void Json::push_back(Json value) {
  if (is_null()) type_ = Type::kArray;
  HEMU_CHECK(is_array()) << "Json::push_back() on " << dump();
  array_.push_back(std::move(value));
}

const std::vector<std::pair<std::string, Json>>& Json::items() const {
  HEMU_CHECK(is_object()) << "Json::items() on " << dump();
  return object_;
}

size_t Json::size() const {
  if (is_array()) return array_.size();
  if (is_object()) return object_.size();
  return 0;
}

bool operator==(const Json& a, const Json& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Json::Type::kNull: return true;
    case Json::Type::kBool: return a.bool_ == b.bool_;
    case Json::Type::kNumber:
      // Two exact integers compare exactly: their double roundings may coincide above 2^53.
      if (a.exact_int_ && b.exact_int_) return a.int_ == b.int_;
      return a.number_ == b.number_;
    case Json::Type::kString: return a.string_ == b.string_;
    case Json::Type::kArray: return a.array_ == b.array_;
    case Json::Type::kObject: {
      if (a.object_.size() != b.object_.size()) return false;
      for (const auto& [key, value] : a.object_) {
        const Json* other = b.find(key);
        if (other == nullptr || !(*other == value)) return false;
      }
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Writing

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
  auto newline = [&](int level) {
    if (indent < 0) return;
    out += '\n';
    out.append(size_t(indent) * size_t(level), ' ');
  };
  switch (type_) {
    case Type::kNull: out += "null"; return;
    case Type::kBool: out += bool_ ? "true" : "false"; return;
    case Type::kNumber:
      if (exact_int_) {
        out += std::to_string(int_);
      } else {
        append_number(out, number_);
      }
      return;
    case Type::kString: append_escaped(out, string_); return;
    case Type::kArray:
      out += '[';
      for (size_t i = 0; i < array_.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        array_[i].dump_to(out, indent, depth + 1);
      }
      if (!array_.empty()) newline(depth);
      out += ']';
      return;
    case Type::kObject:
      out += '{';
      for (size_t i = 0; i < object_.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        append_escaped(out, object_[i].first);
        out += indent < 0 ? ":" : ": ";
        object_[i].second.dump_to(out, indent, depth + 1);
      }
      if (!object_.empty()) newline(depth);
      out += '}';
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

// Recursive descent over the RFC 8259 grammar. Every function returns false after recording the
// first error; nothing below throws or aborts on bad input. Recursion depth is bounded by
// Json::kMaxParseDepth.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Result<Json> parse_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // byte order mark (RFC 8259 8.1)
    Json value;
    skip_whitespace();
    if (!parse_value(value)) return error_;
    skip_whitespace();
    if (pos_ < text_.size()) {
      fail(pos_, "expected end of input after the JSON value, got " + describe(pos_));
      return error_;
    }
    return value;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_whitespace() {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  // Records "line L, column C: <message>" for byte offset `at`; always returns false.
  bool fail(size_t at, const std::string& message) {
    int line = 1, column = 1;
    for (size_t i = 0; i < at && i < text_.size(); ++i) {
      const uint8_t c = uint8_t(text_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
        ++column;
      }
    }
    error_ = invalid_argument("line " + std::to_string(line) + ", column " + std::to_string(column) +
                              ": " + message);
    return false;
  }

  // What sits at byte offset `at`, for "got ..." in messages.
  std::string describe(size_t at) const {
    if (at >= text_.size()) return "end of input";
    const uint8_t c = uint8_t(text_[at]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + char(c) + "'";
    if (c >= 0x80) {
      const size_t n = utf8_sequence_length(text_, at);
      if (n > 0) return "'" + std::string(text_.substr(at, n)) + "'";
    }
    return "byte " + hex_byte(c);
  }

  bool parse_value(Json& out) {
    switch (peek()) {
      case '{': return parse_object(out);
      case '[': return parse_array(out);
      case '"': out.type_ = Json::Type::kString; return parse_string(out.string_);
      case '-': case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return parse_number(out);
      case '\'':
        return fail(pos_, "strings must use double quotes, got '''");
      default: break;
    }
    if (is_ascii_alpha(peek())) return parse_literal(out);
    return fail(pos_, "expected a JSON value, got " + describe(pos_));
  }

  bool parse_literal(Json& out) {
    size_t end = pos_;
    while (end < text_.size() && is_ascii_alpha(text_[end])) ++end;
    const std::string_view word = text_.substr(pos_, end - pos_);
    if (word == "true" || word == "false") {
      out = Json(word == "true");
    } else if (word == "null") {
      out = Json();
    } else if (word == "NaN" || word == "Infinity") {
      return fail(pos_, "NaN and Infinity are not valid JSON numbers");
    } else {
      const std::string shown(word.substr(0, 20));
      return fail(pos_, "unknown literal '" + shown + (word.size() > 20 ? "...'" : "'") +
                            " (expected true, false or null)");
    }
    pos_ = end;
    return true;
  }

  bool enter(size_t at) {
    if (++depth_ > Json::kMaxParseDepth) {
      return fail(at, "nesting deeper than " + std::to_string(Json::kMaxParseDepth) +
                          " levels of arrays and objects");
    }
    return true;
  }

  bool parse_array(Json& out) {
    if (!enter(pos_)) return false;
    out = Json::array();
    ++pos_;  // '['
    skip_whitespace();
    if (peek() == ']') {
      ++pos_;
      --depth_;
      return true;
    }
    while (true) {
      Json element;
      if (!parse_value(element)) return false;
      out.array_.push_back(std::move(element));
      skip_whitespace();
      if (peek() == ']') break;
      if (peek() != ',') return fail(pos_, "expected ',' or ']' in array, got " + describe(pos_));
      ++pos_;
      skip_whitespace();
      if (peek() == ']') return fail(pos_, "trailing comma before ']' is not allowed");
    }
    ++pos_;  // ']'
    --depth_;
    return true;
  }

  bool parse_object(Json& out) {
    if (!enter(pos_)) return false;
    out = Json::object();
    ++pos_;  // '{'
    skip_whitespace();
    if (peek() == '}') {
      ++pos_;
      --depth_;
      return true;
    }
    std::unordered_set<std::string> keys;
    while (true) {
      if (peek() != '"') {
        return fail(pos_, std::string(peek() == '\'' ? "strings must use double quotes: " : "") +
                              "expected a string key in object, got " + describe(pos_));
      }
      const size_t key_pos = pos_;
      std::string key;
      if (!parse_string(key)) return false;
      if (!keys.insert(key).second) {
        std::string shown;
        append_escaped(shown, key);
        return fail(key_pos, "duplicate key " + shown + " in object");
      }
      skip_whitespace();
      if (peek() != ':') return fail(pos_, "expected ':' after object key, got " + describe(pos_));
      ++pos_;
      skip_whitespace();
      Json value;
      if (!parse_value(value)) return false;
      out.object_.emplace_back(std::move(key), std::move(value));
      skip_whitespace();
      if (peek() == '}') break;
      if (peek() != ',') return fail(pos_, "expected ',' or '}' in object, got " + describe(pos_));
      ++pos_;
      skip_whitespace();
      if (peek() == '}') return fail(pos_, "trailing comma before '}' is not allowed");
    }
    ++pos_;  // '}'
    --depth_;
    return true;
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Reads the four hex digits after "\u" at `at` (the backslash).
  bool read_hex4(size_t at, uint32_t& value) {
    value = 0;
    for (size_t i = 0; i < 4; ++i) {
      const size_t p = at + 2 + i;
      const int h = p < text_.size() ? hex_value(text_[p]) : -1;
      if (h < 0) return fail(p, "expected four hex digits after \\u, got " + describe(p));
      value = value * 16 + uint32_t(h);
    }
    return true;
  }

  bool parse_string(std::string& out) {
    const size_t open = pos_;
    ++pos_;  // '"'
    while (true) {
      if (at_end()) return fail(open, "unterminated string (no closing '\"' before end of input)");
      const uint8_t c = uint8_t(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        return fail(pos_, "raw control character " + hex_byte(c) +
                              " in string (write it as an escape such as \\n or \\u00" +
                              hex_byte(c).substr(2) + ")");
      }
      if (c == '\\') {
        if (!parse_escape(out)) return false;
        continue;
      }
      if (c >= 0x80) {
        const size_t n = utf8_sequence_length(text_, pos_);
        if (n == 0) return fail(pos_, "invalid UTF-8 byte " + hex_byte(c) + " in string");
        out.append(text_.substr(pos_, n));
        pos_ += n;
        continue;
      }
      out += char(c);
      ++pos_;
    }
  }

  bool parse_escape(std::string& out) {
    const size_t at = pos_;
    if (at + 1 >= text_.size()) return fail(at, "unterminated string (ends inside an escape)");
    const char e = text_[at + 1];
    pos_ += 2;
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: {
        const std::string shown = (uint8_t(e) >= 0x20 && uint8_t(e) < 0x7F)
                                      ? std::string("'\\") + e + "'"
                                      : "(backslash followed by " + describe(at + 1) + ")";
        return fail(at, "invalid escape " + shown +
                            " in string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
    uint32_t unit = 0;
    if (!read_hex4(at, unit)) return false;
    pos_ = at + 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return fail(at, "unpaired UTF-16 surrogate " + std::string(text_.substr(at, 6)) +
                          " (a low surrogate must follow a high one \\uD800..\\uDBFF)");
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      // UTF-16 pair: the low half must follow immediately as another \u escape.
      uint32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") {
        return fail(at, "unpaired UTF-16 surrogate " + std::string(text_.substr(at, 6)) +
                            " (a high surrogate must be followed by \\uDC00..\\uDFFF)");
      }
      if (!read_hex4(pos_, low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail(at, "unpaired UTF-16 surrogate " + std::string(text_.substr(at, 6)) +
                            " (a high surrogate must be followed by \\uDC00..\\uDFFF, got " +
                            std::string(text_.substr(pos_, 6)) + ")");
      }
      pos_ += 6;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, unit);
    return true;
  }

  bool parse_number(Json& out) {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (!at_end() && is_ascii_digit(text_[pos_])) ++pos_;
      return pos_ - from;
    };
    const bool negative = peek() == '-';
    if (negative) {
      ++pos_;
      if (text_.substr(pos_, 8) == "Infinity") return fail(start, "NaN and Infinity are not valid JSON numbers");
      if (!is_ascii_digit(peek())) return fail(pos_, "expected a digit after '-', got " + describe(pos_));
    }
    const size_t int_start = pos_;
    const size_t int_digits = digits();
    if (text_[int_start] == '0' && int_digits > 1) {
      return fail(int_start, "leading zeros are not allowed in numbers");
    }
    bool is_integral = true;
    size_t leading_fraction_zeros = 0;
    if (peek() == '.') {
      ++pos_;
      is_integral = false;
      const size_t fraction_start = pos_;
      if (digits() == 0) return fail(pos_, "expected a digit after '.' in number, got " + describe(pos_));
      while (fraction_start + leading_fraction_zeros < pos_ && text_[fraction_start + leading_fraction_zeros] == '0') {
        ++leading_fraction_zeros;
      }
    }
    int64_t exponent = 0;
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      is_integral = false;
      const bool exponent_negative = peek() == '-';
      if (peek() == '+' || peek() == '-') ++pos_;
      const size_t exponent_start = pos_;
      if (digits() == 0) {
        return fail(pos_, "expected a digit in the exponent of a number, got " + describe(pos_));
      }
      // Saturate: only the sign and rough size matter for the range check below.
      for (size_t i = exponent_start; i < pos_ && exponent < 100000; ++i) exponent = exponent * 10 + (text_[i] - '0');
      if (exponent_negative) exponent = -exponent;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (is_integral && !(negative && int_digits == 1 && text_[int_start] == '0')) {
      int64_t value = 0;
      auto [end, ec] = std::from_chars(first, last, value);
      if (ec == std::errc() && end == last) {
        out = Json(value);
        return true;
      }
      // Beyond int64: fall through and keep it as a double. "-0" also lands here to keep its sign.
    }
    double value = 0.0;
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) {
      // Decimal exponent of the leading significant digit decides overflow versus underflow.
      const bool int_is_zero = int_digits == 1 && text_[int_start] == '0';
      const int64_t magnitude = (int_is_zero ? -int64_t(leading_fraction_zeros) : int64_t(int_digits)) + exponent;
      if (magnitude > 0) return fail(start, "number out of range (larger than 1.8e308)");
      value = negative ? -0.0 : 0.0;  // underflow: JSON has no way to ask for more precision
    } else if (ec != std::errc() || end != last) {
      return fail(start, "invalid number");  // unreachable: the grammar was checked above
    }
    if (!std::isfinite(value)) return fail(start, "number out of range (larger than 1.8e308)");
    out = Json(value);
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
  Status error_;
};

Result<Json> Json::parse(std::string_view text) { return JsonParser(text).parse_document(); }

}  // namespace hemu
