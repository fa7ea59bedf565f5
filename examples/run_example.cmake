# SPDX-License-Identifier: GPL-3.0-or-later
# Runs an example program that writes charts, in a scratch directory that is
# removed afterwards, and checks that each expected file is a PNG image:
#   cmake -DCOMMAND="prog;args" -DOUT=dir -DPNGS="a.png;b.png" -P run_example.cmake
# (the program gets "--out dir" appended).
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND ${COMMAND} --out "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the example failed (${rc})")
endif()
foreach(png ${PNGS})
  if(NOT EXISTS "${OUT}/${png}")
    message(FATAL_ERROR "${png} was not written")
  endif()
  file(READ "${OUT}/${png}" head LIMIT 8 HEX)
  file(SIZE "${OUT}/${png}" size)
  if(NOT head STREQUAL "89504e470d0a1a0a" OR size LESS 5000)
    message(FATAL_ERROR "${png} is not a PNG chart (${size} bytes)")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT}")
