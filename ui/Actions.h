#pragma once
// Every menu action and shortcut of the main window, created in one place.
#include <QAction>
#include <QMenu>

class QMainWindow;
class QUndoStack;

namespace restyle::ui {

struct Actions {
    QAction* open;
    QAction* openProject;
    QMenu* recent;
    QAction* save;
    QAction* saveAs;
    QAction* addToQueue;
    QAction* exportVideo;
    QAction* quit;
    QAction* undo;
    QAction* redo;
    QAction* tryFrame;
    QAction* setKeyframe;
    QAction* importPainted;
    QAction* propagate;
    QAction* tryLearnedStyle;
    QAction* cancel;
    QAction* play;
    QAction* stepBack;
    QAction* stepForward;
    QAction* first;
    QAction* last;
    QAction* goToFrame;
    QAction* previousMark;  // keyframe, shot cut, in or out point (Shotcut's Up/Down)
    QAction* nextMark;
    QAction* setIn;  // the range propagation processes
    QAction* setOut;
    QAction* clearRange;
    QAction* fit;
    QAction* actualSize;
    QAction* viewSource;
    QAction* viewProcessed;
    QAction* viewSideBySide;
    QAction* viewSplit;
    QMenu* docks;
    QAction* theme;  // dark theme on or off (default: as the desktop)
    QAction* shortcuts;
    QAction* about;

    // Every action that has a shortcut, in menu order (the Help > Shortcuts list).
    QList<QAction*> withShortcuts;

    // Builds the menus on `window`'s menu bar.
    static Actions create(QMainWindow* window, QUndoStack* undo);
};

}  // namespace restyle::ui
