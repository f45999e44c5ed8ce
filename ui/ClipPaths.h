#pragma once
// What a path dropped on or added to the batch queue stands for: a file is one clip; a folder
// is every video file under it (by extension, recursively), sorted.
#include <QStringList>

namespace restyle::ui {

QStringList clipsAt(const QString& path);

}  // namespace restyle::ui
