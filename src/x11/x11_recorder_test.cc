#include "x11/x11_recorder.h"

#include <gtest/gtest.h>

namespace hemu {
namespace {

TEST(TextForKeysym, PrintableKeysymsGiveTheirCharacter) {
  EXPECT_EQ(text_for_keysym(0x41), "A");            // XK_A
  EXPECT_EQ(text_for_keysym(0x20), " ");            // XK_space
  EXPECT_EQ(text_for_keysym(0xE9), "\xC3\xA9");     // XK_eacute: Latin-1 is the code point
  EXPECT_EQ(text_for_keysym(0x010020AC), "\xE2\x82\xAC");  // U+20AC EURO SIGN
  EXPECT_EQ(text_for_keysym(0x0101F600), "\xF0\x9F\x98\x80");
}

TEST(TextForKeysym, KeysWithoutACharacterGiveNothing) {
  EXPECT_EQ(text_for_keysym(0xFF0D), "");  // XK_Return
  EXPECT_EQ(text_for_keysym(0xFFE1), "");  // XK_Shift_L
  EXPECT_EQ(text_for_keysym(0x01000009), "");  // U+0009 is a control character
  EXPECT_EQ(text_for_keysym(0), "");
}

}  // namespace
}  // namespace hemu
