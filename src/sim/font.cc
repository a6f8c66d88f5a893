// FontLibrary and Font: fontconfig finds files, FreeType rasterises, everything is cached.
//
// Families that resolve to themselves on the reference image (fontconfig 2.14, Debian 12 packages
// from scripts/install_deps.sh; `fc-list : family` shows them) are listed in known_ui_families()
// below. fontconfig also reports style-named families ("Inter Medium", "Lato Light"); ask for the
// base family plus a FontStyle instead.
//
// Layout is deliberately simple and shared by measure, caret_positions and draw so the three agree:
// one glyph per code point (no shaping), pen in 26.6 fixed point, advances from light-hinted glyphs
// (integral pixels), legacy 'kern' table kerning, glyph origins rounded to whole pixels.
#include "sim/font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <unordered_map>

#include "core/check.h"

namespace hemu {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;
constexpr int kMaxPixelSize = 1024;  // larger glyph bitmaps would be megabytes each
constexpr FT_Int32 kLoadFlags = FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT;

// Decodes the code point starting at text[i] and stores its byte length (>= 1) in *length.
// Overlong forms, surrogates, values above U+10FFFF, stray continuation bytes and truncated
// sequences decode as U+FFFD consuming a single byte, so decoding always makes progress.
uint32_t decode_utf8(std::string_view text, size_t i, int* length) {
  auto byte = [&](size_t k) { return uint8_t(text[k]); };
  uint8_t lead = byte(i);
  *length = 1;
  if (lead < 0x80) return lead;
  int extra;  // continuation bytes
  uint32_t cp, min_cp;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F, min_cp = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F, min_cp = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07, min_cp = 0x10000;
  } else {
    return kReplacement;
  }
  if (i + extra >= text.size()) return kReplacement;
  for (int k = 1; k <= extra; ++k) {
    uint8_t next = byte(i + k);
    if ((next & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  *length = extra + 1;
  return cp;
}

struct Glyph {
  FT_Pos advance_26_6 = 0;  // horizontal advance, 26.6 fixed point
  int left = 0;             // bitmap left edge relative to the pen
  int top = 0;              // bitmap top edge above the baseline
  AlphaMask mask;           // (height, width) coverage
};

// One FreeType face at one pixel size (with optional synthetic bold/oblique) and its glyph cache.
struct FaceEntry {
  FT_Face face = nullptr;
  std::string family;
  int pixel_size = 0;
  bool embolden = false;
  bool oblique = false;
  bool has_kerning = false;
  int ascent = 0, descent = 0, line_height = 0;
  std::string ellipsis;  // "…" when the face has U+2026, else "..."
  std::unordered_map<FT_UInt, Glyph> glyphs;  // by glyph index
  // ASCII shortcut: glyph index and cached glyph per code point, filled lazily.
  std::array<FT_UInt, 128> ascii_index{};
  std::array<const Glyph*, 128> ascii_glyph{};
  // Kerning (26.6) between ASCII pairs, (128, 128), kUnknownKerning until asked: FT_Get_Kerning
  // would otherwise dominate measure().
  static constexpr int32_t kUnknownKerning = INT32_MIN;
  std::vector<int32_t> ascii_kerning;

  ~FaceEntry() {
    if (face) FT_Done_Face(face);
  }

  FT_UInt glyph_index(uint32_t cp) {
    // Index 0 is .notdef: missing characters draw the face's "tofu" box.
    return FT_Get_Char_Index(face, cp);
  }

  const Glyph& glyph(FT_UInt index) {
    auto it = glyphs.find(index);
    if (it != glyphs.end()) return it->second;
    Glyph& g = glyphs[index];
    // A glyph that fails to load stays empty with zero advance rather than failing the caller.
    if (FT_Load_Glyph(face, index, kLoadFlags) != 0) return g;
    FT_GlyphSlot slot = face->glyph;
    if (oblique) FT_GlyphSlot_Oblique(slot);
    if (embolden) FT_GlyphSlot_Embolden(slot);
    if (slot->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) {
      return g;
    }
    g.advance_26_6 = slot->advance.x;
    g.left = slot->bitmap_left;
    g.top = slot->bitmap_top;
    const FT_Bitmap& bitmap = slot->bitmap;
    g.mask.width = int(bitmap.width);
    g.mask.height = int(bitmap.rows);
    g.mask.coverage.assign(size_t(g.mask.width) * g.mask.height, 0);
    for (int y = 0; y < g.mask.height; ++y) {
      const uint8_t* src = bitmap.buffer + ptrdiff_t(y) * bitmap.pitch;
      uint8_t* dst = g.mask.coverage.data() + size_t(y) * g.mask.width;
      if (bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
        // num_grays is 256 for every outline rasterised in NORMAL mode.
        std::memcpy(dst, src, g.mask.width);
      } else if (bitmap.pixel_mode == FT_PIXEL_MODE_MONO) {
        for (int x = 0; x < g.mask.width; ++x) dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
      }
    }
    return g;
  }

  // Cached glyph for a code point; *index receives its glyph index (for kerning).
  const Glyph& glyph_for(uint32_t cp, FT_UInt* index) {
    if (cp < 128) {
      if (!ascii_glyph[cp]) {
        ascii_index[cp] = glyph_index(cp);
        ascii_glyph[cp] = &glyph(ascii_index[cp]);  // unordered_map nodes never move
      }
      *index = ascii_index[cp];
      return *ascii_glyph[cp];
    }
    *index = glyph_index(cp);
    return glyph(*index);
  }

  FT_Pos kerning(FT_UInt left, FT_UInt right) {
    FT_Vector delta{0, 0};
    if (FT_Get_Kerning(face, left, right, FT_KERNING_DEFAULT, &delta) != 0) return 0;
    return delta.x;
  }

  FT_Pos kerning_for(uint32_t left_cp, FT_UInt left, uint32_t right_cp, FT_UInt right) {
    if (left_cp >= 128 || right_cp >= 128) return kerning(left, right);
    if (ascii_kerning.empty()) ascii_kerning.assign(128 * 128, kUnknownKerning);
    int32_t& cached = ascii_kerning[left_cp * 128 + right_cp];
    if (cached == kUnknownKerning) cached = int32_t(kerning(left, right));
    return cached;
  }

  // The layout every public call shares: calls visit(byte_offset, pen_x_px, glyph) for each code
  // point, where pen_x_px is the rounded pen (kerning applied) at that code point's left edge, and
  // returns the total advance in pixels.
  template <typename Visit>
  int layout(std::string_view text, Visit&& visit) {
    FT_Pos pen = 0;
    FT_UInt previous = 0;
    uint32_t previous_cp = 0;
    for (size_t i = 0; i < text.size();) {
      int length;
      uint32_t cp = decode_utf8(text, i, &length);
      FT_UInt index;
      const Glyph& g = glyph_for(cp, &index);
      if (has_kerning && previous != 0 && index != 0) pen += kerning_for(previous_cp, previous, cp, index);
      visit(i, int((pen + 32) >> 6), g);
      pen += g.advance_26_6;
      previous = index;
      previous_cp = cp;
      i += size_t(length);
    }
    return int((pen + 32) >> 6);
  }
};

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(uint8_t(c)));
  return out;
}

const char* style_name(FontStyle style) {
  switch (style) {
    case FontStyle::kRegular: return "regular";
    case FontStyle::kBold: return "bold";
    case FontStyle::kItalic: return "italic";
    case FontStyle::kBoldItalic: return "bold italic";
  }
  return "?";
}

// What fontconfig picked for a request.
struct Match {
  std::string file;
  int index = 0;
  std::vector<std::string> families;  // every family name the file declares
  bool embolden = false;
  bool oblique = false;
};

// Builds the pattern through the API rather than FcNameParse so that family names containing
// '-', ':' or ',' need no escaping.
Result<Match> match_font(const std::string& family, FontStyle style) {
  bool bold = style == FontStyle::kBold || style == FontStyle::kBoldItalic;
  bool italic = style == FontStyle::kItalic || style == FontStyle::kBoldItalic;
  FcPattern* pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pattern, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcPatternAddBool(pattern, FC_SCALABLE, FcTrue);
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* found = FcFontMatch(nullptr, pattern, &result);
  FcPatternDestroy(pattern);
  if (!found) {
    return not_found("font '" + family + "' (" + style_name(style) +
                     "): fontconfig matched nothing; is fontconfig configured? try `fc-list`");
  }
  Match match;
  FcChar8* text = nullptr;
  if (FcPatternGetString(found, FC_FILE, 0, &text) == FcResultMatch) {
    match.file = reinterpret_cast<const char*>(text);
  }
  FcPatternGetInteger(found, FC_INDEX, 0, &match.index);
  for (int n = 0; FcPatternGetString(found, FC_FAMILY, n, &text) == FcResultMatch; ++n) {
    match.families.emplace_back(reinterpret_cast<const char*>(text));
  }
  FcBool embolden = FcFalse;
  FcPatternGetBool(found, FC_EMBOLDEN, 0, &embolden);
  match.embolden = bold && embolden;
  int slant = FC_SLANT_ROMAN;
  FcPatternGetInteger(found, FC_SLANT, 0, &slant);
  match.oblique = italic && slant == FC_SLANT_ROMAN;  // no italic face: shear the upright one
  FcPatternDestroy(found);
  if (match.file.empty()) return not_found("font '" + family + "': fontconfig match has no file");
  return match;
}

}  // namespace

struct FontLibrary::Impl {
  FT_Library freetype = nullptr;
  bool fontconfig_ok = false;
  std::vector<std::unique_ptr<FaceEntry>> faces;  // Font::face_index_ indexes this
  std::unordered_map<std::string, int> face_by_file_and_size;
  // Resolved requests, successes and failures alike: fontconfig matching costs ~0.1-1 ms.
  struct Resolved {
    int face = -1;
    Status status;
  };
  std::unordered_map<std::string, Resolved> resolved;

  ~Impl() {
    faces.clear();  // faces before the library that owns them
    if (freetype) FT_Done_FreeType(freetype);
  }

  Result<int> open_face(const std::string& path, int index, int pixel_size, bool embolden,
                        bool oblique, const std::string& family_hint) {
    if (pixel_size <= 0 || pixel_size > kMaxPixelSize) {
      return out_of_range("font pixel size " + std::to_string(pixel_size) + " outside 1.." +
                          std::to_string(kMaxPixelSize));
    }
    std::string key = path + '\n' + std::to_string(index) + '\n' + std::to_string(pixel_size) +
                      (embolden ? "b" : "") + (oblique ? "o" : "");
    if (auto it = face_by_file_and_size.find(key); it != face_by_file_and_size.end()) {
      return it->second;
    }
    auto entry = std::make_unique<FaceEntry>();
    FT_Error error = FT_New_Face(freetype, path.c_str(), index, &entry->face);
    if (error != 0) {
      entry->face = nullptr;  // nothing to free; never trust an out-parameter after an error
      if (error == FT_Err_Cannot_Open_Resource) return not_found("font file '" + path + "' cannot be opened");
      return corrupt("font file '" + path + "' is not a font FreeType can read (error " +
                     std::to_string(error) + ")");
    }
    if (FT_Set_Pixel_Sizes(entry->face, 0, FT_UInt(pixel_size)) != 0) {
      return out_of_range("font file '" + path + "' has no " + std::to_string(pixel_size) + " px size");
    }
    FaceEntry& e = *entry;
    e.pixel_size = pixel_size;
    e.embolden = embolden;
    e.oblique = oblique;
    e.family = !family_hint.empty() ? family_hint : (e.face->family_name ? e.face->family_name : "");
    e.has_kerning = FT_HAS_KERNING(e.face);
    const FT_Size_Metrics& metrics = e.face->size->metrics;
    e.ascent = int((metrics.ascender + 63) >> 6);
    e.descent = int((-metrics.descender + 63) >> 6);
    e.line_height = std::max(int((metrics.height + 32) >> 6), e.ascent + e.descent);
    e.ellipsis = FT_Get_Char_Index(e.face, 0x2026) != 0 ? "\xE2\x80\xA6" : "...";
    faces.push_back(std::move(entry));
    int id = int(faces.size()) - 1;
    face_by_file_and_size.emplace(key, id);
    return id;
  }

  Result<int> resolve(const std::string& family, int pixel_size, FontStyle style) {
    if (!fontconfig_ok) return unavailable("fontconfig failed to initialise (FcInit); see its stderr");
    Result<Match> match = match_font(family, style);
    if (!match.ok()) return match.status();
    std::string wanted = lowercase(family);
    for (const std::string& name : match->families) {
      if (lowercase(name) == wanted) {
        return open_face(match->file, match->index, pixel_size, match->embolden, match->oblique,
                         name);
      }
    }
    std::string best = match->families.empty() ? "?" : match->families.front();
    return not_found("font family '" + family + "' (" + style_name(style) +
                     ") is not installed; fontconfig's best match is '" + best + "' (" +
                     match->file + "); `fc-list : family` lists the installed families");
  }
};

FontLibrary::FontLibrary() : impl_(std::make_unique<Impl>()) {
  HEMU_CHECK(FT_Init_FreeType(&impl_->freetype) == 0) << "FreeType failed to initialise";
  impl_->fontconfig_ok = FcInit() == FcTrue;
}

FontLibrary::~FontLibrary() = default;

Result<Font> FontLibrary::font(const std::string& family, int pixel_size, FontStyle style) {
  std::string key = lowercase(family) + '\n' + std::to_string(pixel_size) + '\n' + style_name(style);
  auto it = impl_->resolved.find(key);
  if (it == impl_->resolved.end()) {
    Result<int> face = impl_->resolve(family, pixel_size, style);
    Impl::Resolved entry;
    if (face.ok()) {
      entry.face = *face;
    } else {
      entry.status = face.status();
    }
    it = impl_->resolved.emplace(key, std::move(entry)).first;
  }
  if (it->second.face < 0) return it->second.status;
  Font font;
  font.library_ = this;
  font.face_index_ = it->second.face;
  font.pixel_size_ = pixel_size;
  return font;
}

Result<Font> FontLibrary::font_from_file(const std::string& path, int pixel_size) {
  Result<int> face = impl_->open_face(path, 0, pixel_size, false, false, "");
  if (!face.ok()) return face.status();
  Font font;
  font.library_ = this;
  font.face_index_ = *face;
  font.pixel_size_ = pixel_size;
  return font;
}

std::vector<std::string> FontLibrary::available_families(const std::vector<std::string>& wanted) {
  std::vector<std::string> found;
  for (const std::string& family : wanted) {
    if (font(family, /*pixel_size=*/13).ok()) found.push_back(family);
  }
  return found;
}

FontLibrary& font_library_for_thread() {
  thread_local FontLibrary library;
  return library;
}

const std::vector<std::string>& known_ui_families() {
  // Checked by font_test.cc (FontTest.KnownFamiliesResolveToThemselves).
  static const std::vector<std::string> families = {
      "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono",
      "Liberation Sans", "Liberation Serif", "Liberation Mono",
      "FreeSans", "FreeSerif", "FreeMono",
      "Cantarell", "Open Sans", "Lato", "Carlito",
      "Noto Mono", "Noto Sans Mono",
      "Roboto", "Roboto Condensed", "Inter", "Inter Display",
      "Nimbus Sans", "Nimbus Sans Narrow", "Nimbus Roman", "Nimbus Mono PS",
      "Hack", "Comic Neue", "Fira Code",
      "C059", "P052", "URW Bookman", "URW Gothic",
  };
  return families;
}

std::vector<int> utf8_code_point_offsets(std::string_view text) {
  std::vector<int> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size();) {
    offsets.push_back(int(i));
    int length;
    decode_utf8(text, i, &length);
    i += size_t(length);
  }
  offsets.push_back(int(text.size()));
  return offsets;
}

// --- Font -----------------------------------------------------------------------------------------

namespace {
// The glyph cache is filled lazily, so const Font calls mutate the (per-thread) library's entry.
// `faces` is null for a default-constructed Font.
FaceEntry& entry_of(const std::vector<std::unique_ptr<FaceEntry>>* faces, int face_index) {
  HEMU_CHECK(faces != nullptr) << "use of a default-constructed (invalid) Font";
  HEMU_CHECK(face_index >= 0 && size_t(face_index) < faces->size())
      << "Font handle with face index " << face_index << " of " << faces->size();
  return *(*faces)[size_t(face_index)];
}
}  // namespace

#define HEMU_FONT_ENTRY() entry_of(library_ ? &library_->impl_->faces : nullptr, face_index_)

int Font::ascent() const { return HEMU_FONT_ENTRY().ascent; }
int Font::descent() const { return HEMU_FONT_ENTRY().descent; }
int Font::line_height() const { return HEMU_FONT_ENTRY().line_height; }
const std::string& Font::family() const { return HEMU_FONT_ENTRY().family; }

int Font::measure(std::string_view text) const {
  return HEMU_FONT_ENTRY().layout(text, [](size_t, int, const Glyph&) {});
}

std::vector<int> Font::caret_positions(std::string_view text) const {
  std::vector<int> xs;
  xs.reserve(text.size() + 1);
  int total = HEMU_FONT_ENTRY().layout(text, [&](size_t, int pen_x, const Glyph&) { xs.push_back(pen_x); });
  xs.push_back(total);
  return xs;
}

int Font::draw(Canvas& canvas, int x, int baseline_y, std::string_view text, Color color) const {
  FaceEntry& face = HEMU_FONT_ENTRY();
  // Lines entirely above or below the clip only need their advance.
  Rect clip = canvas.clip();
  int pad = face.pixel_size;  // glyphs may overshoot ascent/descent (accents, oblique, bold)
  if (baseline_y + face.descent + pad <= clip.y || baseline_y - face.ascent - pad >= clip.bottom()) {
    return measure(text);
  }
  return face.layout(text, [&](size_t, int pen_x, const Glyph& g) {
    if (!g.mask.coverage.empty()) canvas.draw_mask(x + pen_x + g.left, baseline_y - g.top, g.mask, color);
  });
}

std::string Font::elide(std::string_view text, int max_width_px) const {
  if (measure(text) <= max_width_px) return std::string(text);
  FaceEntry& face = HEMU_FONT_ENTRY();
  int ellipsis_width = measure(face.ellipsis);
  if (ellipsis_width > max_width_px) return "";
  std::vector<int> offsets = utf8_code_point_offsets(text);
  std::vector<int> xs = caret_positions(text);
  // xs[i] approximates the width of the first i code points; kerning against the ellipsis can
  // shift that by a little, so candidates within one em are confirmed with measure().
  for (int i = int(xs.size()) - 2; i >= 0; --i) {
    if (xs[size_t(i)] + ellipsis_width > max_width_px + face.pixel_size) continue;
    std::string candidate(text.substr(0, size_t(offsets[size_t(i)])));
    // "Save all…" reads better than "Save all …".
    while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) candidate.pop_back();
    candidate += face.ellipsis;
    if (measure(candidate) <= max_width_px) return candidate;
  }
  return face.ellipsis;
}

#undef HEMU_FONT_ENTRY

}  // namespace hemu
