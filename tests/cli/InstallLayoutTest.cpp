// `cmake --install` lays out what a desktop and a package manager expect, and the desktop
// entry and AppStream metadata validate.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/TestSupport.h"

using namespace restyle::test;
namespace fs = std::filesystem;

TEST(Install, LayoutDesktopEntryAndMetainfo) {
    TempDir tmp;
    std::string out;
    ASSERT_EQ(runCommand(std::string("cmake --install '" RESTYLE_BINARY_DIR "' --prefix '") +
                             tmp.path() + "' 2>&1",
                         &out),
              0)
        << out;
    for (const char* f : {"bin/restyle", "bin/restyle-cli", "share/applications/restyle.desktop",
                          "share/metainfo/io.restyle.Restyle.metainfo.xml",
                          "share/icons/hicolor/scalable/apps/restyle.svg",
                          "share/icons/hicolor/48x48/apps/restyle.png",
                          "share/icons/hicolor/256x256/apps/restyle.png",
                          "share/man/man1/restyle-cli.1", "share/restyle/models/README.md"})
        EXPECT_TRUE(fs::exists(tmp.path(f))) << f;
    EXPECT_EQ(runCommand(std::string("desktop-file-validate '") +
                             tmp.path("share/applications/restyle.desktop") + "' 2>&1",
                         &out),
              0)
        << out;
    EXPECT_EQ(runCommand(std::string("appstreamcli validate --no-net '") +
                             tmp.path("share/metainfo/io.restyle.Restyle.metainfo.xml") + "' 2>&1",
                         &out),
              0)
        << out;
    // The installed CLI runs and finds the installed model folder.
    out.clear();
    EXPECT_EQ(runCommand(std::string("'") + tmp.path("bin/restyle-cli") + "' --version", &out), 0);
    EXPECT_NE(out.find("restyle-cli 0."), std::string::npos) << out;
    EXPECT_EQ(runCommand(std::string("man -l '") + tmp.path("share/man/man1/restyle-cli.1") +
                         "' >/dev/null 2>&1 || groff -man -Tutf8 '" +
                         tmp.path("share/man/man1/restyle-cli.1") + "' >/dev/null 2>&1"),
              0);
}
