# Turns a text file into a NUL-terminated C array.
# Usage: cmake -DINPUT=in -DOUTPUT=out.c -DSYMBOL=name -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}"
  "/* Generated from ${INPUT} by cmake/embed_file.cmake; do not edit. */\n"
  "const char ${SYMBOL}[] = {${bytes}0x00};\n")
