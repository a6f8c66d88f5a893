// Text rendering with FreeType and Debian's fonts, antialiased, with a glyph cache.
//
// A FontLibrary finds font files by family name through fontconfig (e.g. "DejaVu Sans",
// "Liberation Serif", bold/italic styles) and caches FreeType faces and rendered glyphs per
// (face, pixel size). A Font is a cheap handle: (face, pixel size). Text is UTF-8.
// Thread-safety: FontLibrary is not thread-safe; use one per thread (the embedded desktop owns one
// through font_library_for_thread()).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/canvas.h"

namespace hemu {

enum class FontStyle { kRegular, kBold, kItalic, kBoldItalic };

class FontLibrary;

// Handle to a face at a pixel size. Copyable; valid while its FontLibrary lives.
class Font {
 public:
  Font() = default;

  int pixel_size() const { return pixel_size_; }
  int ascent() const;       // pixels above the baseline (positive)
  int descent() const;      // pixels below the baseline (positive)
  int line_height() const;  // ascent + descent + line gap
  // Advance width of `text` in pixels (with kerning when the face has it).
  int measure(std::string_view text) const;
  // Byte offsets where each UTF-8 code point starts and the x (pixels from the text start) of each
  // caret position: result has (code points + 1) entries; x of position i is the left edge of
  // code point i. Used for caret placement and click-to-position in text fields.
  std::vector<int> caret_positions(std::string_view text) const;
  // Draws `text` with its baseline at y, starting at x. Returns the advance in pixels.
  int draw(Canvas& canvas, int x, int baseline_y, std::string_view text, Color color) const;
  // Longest prefix of `text` that fits in `max_width_px`, ending with "…" when cut.
  std::string elide(std::string_view text, int max_width_px) const;

  bool valid() const { return library_ != nullptr; }
  const std::string& family() const;

 private:
  friend class FontLibrary;
  FontLibrary* library_ = nullptr;
  int face_index_ = -1;
  int pixel_size_ = 0;
};

class FontLibrary {
 public:
  FontLibrary();
  ~FontLibrary();
  FontLibrary(const FontLibrary&) = delete;
  FontLibrary& operator=(const FontLibrary&) = delete;

  // Resolves a family through fontconfig. Fails with kNotFound when fontconfig's best match is a
  // different family (fontconfig always returns *something*; we refuse silent substitutes).
  Result<Font> font(const std::string& family, int pixel_size, FontStyle style = FontStyle::kRegular);
  // Loads a font file directly (tests, or fonts outside fontconfig's path).
  Result<Font> font_from_file(const std::string& path, int pixel_size);

  // Families installed by scripts/install_deps.sh that this library can open, in a fixed order.
  std::vector<std::string> available_families(const std::vector<std::string>& wanted);

 private:
  friend class Font;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One FontLibrary per thread, created on first use.
FontLibrary& font_library_for_thread();

// Exact fontconfig family names of the UI text fonts installed by scripts/install_deps.sh that
// resolve to themselves (regular and bold), in a fixed order. Symbol, dingbat, math and script
// faces are left out.
const std::vector<std::string>& known_ui_families();

// Byte offset where each UTF-8 code point of `text` starts, plus text.size() at the end: the same
// (code points + 1) indexing as Font::caret_positions. Decoding matches the renderer's: each
// invalid or truncated byte counts as one code point (drawn as U+FFFD).
std::vector<int> utf8_code_point_offsets(std::string_view text);

}  // namespace hemu
