# SPDX-License-Identifier: GPL-3.0-or-later
# Turn the sample company's files into a C source (cmake -P, at build time):
#   cmake -DOUT=sample_data.c -DDIR=sample -DNAMES="a.csv;b.json" -P embed.cmake
# Each file becomes a NUL-terminated byte array; the table lists them by name.
file(WRITE ${OUT}.tmp "/* Generated from ${DIR} by embed.cmake: do not edit. */\n"
     "#include \"input.h\"\n\n")
set(table "")
set(i 0)
foreach(name ${NAMES})
  file(READ ${DIR}/${name} hex HEX)
  string(LENGTH "${hex}" len)
  math(EXPR size "${len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  file(APPEND ${OUT}.tmp "static const unsigned char f${i}[] = {\n${bytes}0x00};\n")
  string(APPEND table "    {\"${name}\", f${i}, ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(APPEND ${OUT}.tmp "\nconst cli_embedded cli_sample_files[] = {\n${table}};\n"
     "const size_t cli_sample_count = ${i};\n")
file(RENAME ${OUT}.tmp ${OUT})
