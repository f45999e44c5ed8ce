#include "ui/Actions.h"

#include <QActionGroup>
#include <QMainWindow>
#include <QMenuBar>
#include <QUndoStack>

namespace restyle::ui {

Actions Actions::create(QMainWindow* w, QUndoStack* undoStack) {
    Actions a{};
    auto make = [w](const QString& text, const QKeySequence& key, const QString& tip = {}) {
        auto* act = new QAction(text, w);
        if (!key.isEmpty()) act->setShortcut(key);
        act->setStatusTip(tip);
        act->setToolTip(tip.isEmpty() ? QString(text).remove('&') : tip);
        return act;
    };
    QMenu* file = w->menuBar()->addMenu(QObject::tr("&File"));
    a.open = make(QObject::tr("&Open clip…"), QKeySequence::Open,
                  QObject::tr("Open a video clip (or a .restyle project)"));
    a.openProject = make(QObject::tr("Open &project…"), QKeySequence(QObject::tr("Ctrl+Shift+O")),
                         QObject::tr("Open a .restyle project"));
    a.recent = new QMenu(QObject::tr("Open &recent"), w);
    a.save = make(QObject::tr("&Save project"), QKeySequence::Save,
                  QObject::tr("Save the clip, keyframes and settings as a .restyle project"));
    a.saveAs = make(QObject::tr("Save project &as…"), QKeySequence(QObject::tr("Ctrl+Shift+S")),
                    QObject::tr("Save the project under a new name"));
    a.addToQueue = make(QObject::tr("Add to &queue…"), QKeySequence(QObject::tr("Ctrl+Shift+B")),
                        QObject::tr("Queue clips with the current recipe"));
    a.exportVideo = make(QObject::tr("&Export…"), QKeySequence(QObject::tr("Ctrl+E")),
                         QObject::tr("Export the propagated result of the open clip"));
    a.quit = make(QObject::tr("&Quit"), QKeySequence::Quit);
    file->addAction(a.open);
    file->addAction(a.openProject);
    file->addMenu(a.recent);
    file->addSeparator();
    file->addAction(a.save);
    file->addAction(a.saveAs);
    file->addSeparator();
    file->addAction(a.addToQueue);
    file->addAction(a.exportVideo);
    file->addSeparator();
    file->addAction(a.quit);

    QMenu* edit = w->menuBar()->addMenu(QObject::tr("&Edit"));
    a.undo = undoStack->createUndoAction(w, QObject::tr("&Undo"));
    a.undo->setShortcut(QKeySequence::Undo);
    a.redo = undoStack->createRedoAction(w, QObject::tr("&Redo"));
    a.redo->setShortcut(QKeySequence::Redo);
    a.tryFrame = make(QObject::tr("&Try the editor on this frame"), QKeySequence(Qt::Key_T));
    a.setKeyframe = make(QObject::tr("Set &keyframe here"), QKeySequence(Qt::Key_K));
    a.importPainted =
        make(QObject::tr("Import &painted frame…"), QKeySequence(QObject::tr("Ctrl+I")));
    a.propagate = make(QObject::tr("&Propagate"), QKeySequence(QObject::tr("Ctrl+Return")));
    a.tryLearnedStyle = make(
        QObject::tr("Try the &learned style on this frame"), QKeySequence(QObject::tr("Shift+T")),
        QObject::tr("Few-shot engine or learned fill: this frame in the look it learns"));
    a.cancel = make(QObject::tr("&Cancel propagation"), QKeySequence(Qt::Key_Escape));
    for (auto* act : {a.undo, a.redo})
        edit->addAction(act);
    edit->addSeparator();
    for (auto* act : {a.tryFrame, a.setKeyframe, a.importPainted})
        edit->addAction(act);
    edit->addSeparator();
    edit->addAction(a.propagate);
    edit->addAction(a.tryLearnedStyle);
    edit->addAction(a.cancel);

    QMenu* play = w->menuBar()->addMenu(QObject::tr("&Playback"));
    a.play = make(QObject::tr("Play / pause"), QKeySequence(Qt::Key_Space));
    a.stepBack = make(QObject::tr("Previous frame"), QKeySequence(Qt::Key_Left));
    a.stepForward = make(QObject::tr("Next frame"), QKeySequence(Qt::Key_Right));
    a.first = make(QObject::tr("First frame"), QKeySequence(Qt::Key_Home));
    a.last = make(QObject::tr("Last frame"), QKeySequence(Qt::Key_End));
    a.goToFrame = make(QObject::tr("&Go to frame…"), QKeySequence(QObject::tr("Ctrl+G")),
                       QObject::tr("Type a frame number to go to"));
    a.setIn = make(QObject::tr("Set &in point"), QKeySequence(Qt::Key_I),
                   QObject::tr("Propagate from this frame (the range's first frame)"));
    a.setOut = make(QObject::tr("Set &out point"), QKeySequence(Qt::Key_O),
                    QObject::tr("Propagate up to this frame (the range's last frame)"));
    a.clearRange = make(QObject::tr("&Clear in and out"), QKeySequence(QObject::tr("Alt+X")),
                        QObject::tr("Propagate the whole clip"));
    a.previousMark = make(QObject::tr("Previous mark"), QKeySequence(Qt::Key_Up),
                          QObject::tr("Jump to the previous keyframe, shot cut, in or out point"));
    a.nextMark = make(QObject::tr("Next mark"), QKeySequence(Qt::Key_Down),
                      QObject::tr("Jump to the next keyframe, shot cut, in or out point"));
    for (auto* act : {a.play, a.stepBack, a.stepForward, a.first, a.last, a.previousMark,
                      a.nextMark, a.goToFrame})
        play->addAction(act);
    play->addSeparator();
    for (auto* act : {a.setIn, a.setOut, a.clearRange})
        play->addAction(act);

    QMenu* view = w->menuBar()->addMenu(QObject::tr("&View"));
    a.fit = make(QObject::tr("&Fit to window"), QKeySequence(QObject::tr("Ctrl+0")));
    a.actualSize = make(QObject::tr("&Actual size (100%)"), QKeySequence(QObject::tr("Ctrl+1")));
    a.viewSource = make(QObject::tr("Source only"), QKeySequence(Qt::Key_1));
    a.viewProcessed = make(QObject::tr("Processed only"), QKeySequence(Qt::Key_2));
    a.viewSideBySide = make(QObject::tr("Side by side"), QKeySequence(Qt::Key_3));
    a.viewSplit = make(QObject::tr("Before / after split"), QKeySequence(Qt::Key_4));
    auto* group = new QActionGroup(w);
    for (auto* act : {a.viewSource, a.viewProcessed, a.viewSideBySide, a.viewSplit}) {
        act->setCheckable(true);
        group->addAction(act);
    }
    a.viewSplit->setChecked(true);
    for (auto* act : {a.fit, a.actualSize})
        view->addAction(act);
    view->addSeparator();
    for (auto* act : {a.viewSource, a.viewProcessed, a.viewSideBySide, a.viewSplit})
        view->addAction(act);
    view->addSeparator();
    a.docks = view->addMenu(QObject::tr("&Panels"));
    a.theme = make(QObject::tr("&Dark theme"), {}, QObject::tr("Dark or light colours"));
    a.theme->setCheckable(true);
    view->addAction(a.theme);

    QMenu* help = w->menuBar()->addMenu(QObject::tr("&Help"));
    a.shortcuts = make(QObject::tr("&Keyboard shortcuts"), QKeySequence::HelpContents);
    a.about = make(QObject::tr("&About Restyle"), {});
    a.about->setMenuRole(QAction::AboutRole);
    help->addAction(a.shortcuts);
    help->addAction(a.about);

    for (QAction* top : w->menuBar()->actions())
        if (top->menu())
            for (QAction* act : top->menu()->actions())
                if (!act->shortcut().isEmpty()) a.withShortcuts << act;
    return a;
}

}  // namespace restyle::ui
