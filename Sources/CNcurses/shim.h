#pragma once
// Wide-character ncurses for Swift 6 (platform.md §1). The wide API exists only with
// NCURSES_WIDECHAR; global C state and attribute macros are reached through accessors because
// Swift 6 rejects references to mutable globals and cannot import NCURSES_BITS() expressions.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <term.h>

static inline WINDOW *tui_stdscr(void) { return stdscr; }
static inline int tui_colors(void) { return COLORS; }
static inline int tui_color_pairs(void) { return COLOR_PAIRS; }
static inline int tui_lines(void) { return LINES; }
static inline int tui_cols(void) { return COLS; }
static inline void tui_set_escdelay(int ms) { set_escdelay(ms); }

static const attr_t TUI_A_NORMAL = A_NORMAL;
static const attr_t TUI_A_BOLD = A_BOLD;
static const attr_t TUI_A_DIM = A_DIM;
static const attr_t TUI_A_REVERSE = A_REVERSE;
static const attr_t TUI_A_UNDERLINE = A_UNDERLINE;
static const attr_t TUI_A_ITALIC = A_ITALIC;
static const attr_t TUI_A_STANDOUT = A_STANDOUT;
static const attr_t TUI_A_COLOR = A_COLOR;

static inline int tui_key_f(int n) { return KEY_F(n); }

/// Draws one wide character with an extended (int) colour pair: the only way past 256 pairs.
static inline int tui_mvadd_wch_ext(int y, int x, wchar_t ch, attr_t attr, int pair) {
    cchar_t cc; wchar_t s[2] = { ch, 0 };
    if (setcchar(&cc, s, attr, 0, &pair) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}
static inline int tui_attr_set_ext(attr_t attr, int pair) { return attr_set(attr, 0, &pair); }
static inline SCREEN *tui_newterm(const char *term) { return newterm(term, stdout, stdin); }
