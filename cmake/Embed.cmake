# motcua_embed_files(TARGET_VAR NAMESPACE FUNCTION FILES...)
# Generates a .cpp that defines `std::span<const motcua::EmbeddedFile> NAMESPACE::FUNCTION()`: each file's
# name (without directory) and contents as a raw string literal. The binary then carries its migrations and
# shipped data and does not depend on its working directory.
function(motcua_embed_files out_var namespace function)
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/${function}_embedded.cpp")
  set(files ${ARGN})
  add_custom_command(
    OUTPUT "${gen}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${gen} -DNAMESPACE=${namespace} -DFUNCTION=${function}
            "-DFILES=${files}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedGenerate.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/EmbedGenerate.cmake"
    COMMENT "Embedding ${function}"
    VERBATIM)
  set(${out_var} "${gen}" PARENT_SCOPE)
endfunction()
