// Json: a small JSON value type with a strict RFC 8259 parser and a deterministic writer.
//
// hemu keeps third-party libraries out of core; this covers what the wire formats need (actions,
// episode files, configs). A Json is one of null, bool, number, string, array or object. Objects
// keep insertion order (so written files are stable and diffable) and never hold duplicate keys.
// Numbers remember whether they were written as integers, so int64 values survive a round trip
// exactly. Strings are UTF-8.
//
// Value type: copies are deep. Not thread-safe to mutate concurrently; concurrent const use is fine.
//
//   Result<Json> doc = Json::parse(R"({"action":"key","text":"ctrl+s"})");
//   if (!doc.ok()) return doc.status();
//   if (const Json* text = doc->find("text"); text && text->is_string()) use(text->as_string());
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/status.h"

namespace hemu {

class Json {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  // Arrays and objects nested deeper than this are a parse error, which bounds the parser's stack.
  static constexpr int kMaxParseDepth = 256;

  Json() = default;  // null
  Json(std::nullptr_t) {}  // NOLINT: implicit by design, as are the ones below
  Json(bool value) : type_(Type::kBool), bool_(value) {}
  Json(int value) : Json(int64_t{value}) {}
  Json(int64_t value) : type_(Type::kNumber), exact_int_(true), int_(value), number_(double(value)) {}
  Json(double value) : type_(Type::kNumber), number_(value) {}
  // Other integer types (size_t, long long, unsigned): values above INT64_MAX become doubles.
  template <typename T>
    requires std::integral<T> && (!std::same_as<T, bool>) && (!std::same_as<T, char>) &&
             (!std::same_as<T, char8_t>) && (!std::same_as<T, char16_t>) &&
             (!std::same_as<T, char32_t>) && (!std::same_as<T, wchar_t>)
  Json(T value) {  // NOLINT
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(int64_t)) {
      if (value > uint64_t(INT64_MAX)) {
        *this = Json(double(value));
        return;
      }
    }
    *this = Json(int64_t(value));
  }
  Json(const char* value);  // HEMU_CHECKs value != nullptr
  // Without this, any other pointer would silently become a bool.
  Json(const void*) = delete;
  Json(std::string value) : type_(Type::kString), string_(std::move(value)) {}
  Json(std::string_view value) : type_(Type::kString), string_(value) {}

  static Json array();
  static Json object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }
  // A number with no fractional part that fits int64 (2.0 counts; 1e300 and 0.5 do not).
  bool is_integer() const;

  // Accessors HEMU_CHECK the type: test with is_*() first when the input is untrusted.
  bool as_bool() const;
  double as_number() const;
  int64_t as_int() const;  // HEMU_CHECKs is_integer(), not only is_number()
  const std::string& as_string() const;
  const std::vector<Json>& as_array() const;
  std::vector<Json>& as_array();

  // Objects: the member named `key`, or nullptr if absent or if this is not an object.
  const Json* find(std::string_view key) const;
  // Objects: the member named `key`, inserted as null if absent. A null turns into an empty object
  // first; any other non-object is a HEMU_CHECK failure.
  Json& operator[](std::string_view key);
  // Arrays: appends. A null turns into an empty array first; any other non-array is a HEMU_CHECK
  // failure.
  void push_back(Json value);
  // Objects: members in insertion order (HEMU_CHECKs is_object()).
  const std::vector<std::pair<std::string, Json>>& items() const;
  // Elements of an array or members of an object; 0 for every other type.
  size_t size() const;

  // indent < 0: compact, no spaces. indent >= 0: one element per line, `indent` spaces per level,
  // ": " after keys. Integers print without ".0"; other doubles in the shortest form that reads
  // back to the same double; NaN and infinities (not representable in JSON) print as null.
  // Strings escape '"', '\\' and control characters; other UTF-8 passes through unchanged.
  std::string dump(int indent = -1) const;

  // Parses one complete JSON text (RFC 8259). Strict: rejects trailing characters, leading zeros,
  // NaN/Infinity, trailing commas, single quotes, comments, raw control characters in strings,
  // invalid UTF-8, unpaired UTF-16 surrogates, duplicate object keys, numbers beyond the double
  // range and nesting deeper than kMaxParseDepth. A leading UTF-8 byte order mark is skipped.
  // Errors are invalid_argument with the 1-based position of the problem; columns count UTF-8
  // code points: "line 3, column 14: expected ',' or '}' in object, got ']'". Never aborts.
  static Result<Json> parse(std::string_view text);

  // Numbers compare by value (Json(2) == Json(2.0)); objects compare as sets of members, ignoring
  // order; everything else structurally.
  friend bool operator==(const Json& a, const Json& b);

 private:
  void dump_to(std::string& out, int indent, int depth) const;

  Type type_ = Type::kNull;
  bool bool_ = false;
  bool exact_int_ = false;  // the number is held exactly in int_ (number_ is its rounding)
  int64_t int_ = 0;
  double number_ = 0.0;
  std::string string_;
  std::vector<Json> array_;
  std::vector<std::pair<std::string, Json>> object_;

  friend class JsonParser;
};

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace hemu
