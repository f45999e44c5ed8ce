// Issue 15, item 3: the GUI starts with any queue file (truncated, empty, an array, bad
// entries, a folder) and shows what was set aside; "Run queue" with a queue that cannot be
// saved runs and fails the job instead of aborting.
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/QueueDock.h"

using namespace restyle;
using namespace restyle::ui;

class QueueFileTest : public QObject {
    Q_OBJECT
  private:
    test::TempDir tmp_;

    QueueDock* dockOf(MainWindow& w) { return w.findChild<QueueDock*>(); }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void startsWithEveryBrokenQueueFileAndShowsTheWarning() {
        const std::string good =
            R"({"id": "1", "job": {"input": "/c/a.mp4", "output": "/c/o.mp4",
                "keyframes": [{"editor": "cartoon"}]}})";
        const std::vector<std::pair<std::string, int>> cases = {
            {"", 0},
            {"{\"jobs\": [" + good, 0},
            {"[]", 0},
            {R"({"jobs": [)" + good + R"(, {"id": "2", "job": {"input": "a", "output": "b",
               "keyframes": [{"editor": "cartoon"}], "export": {"crf": 99}}}]})",
             1},
            {R"({"jobs": [)" + good + R"(, {"id": "3"}]})", 1},
        };
        int n = 0;
        for (const auto& [text, valid] : cases) {
            const QString file = QString::fromStdString(tmp_.path()) + QString("/q%1").arg(n++);
            std::ofstream(file.toStdString()) << text;
            MainWindow w(nullptr, file);
            w.setDialogsEnabled(false);
            w.show();
            QueueDock* dock = dockOf(w);
            QVERIFY(dock);
            QCOMPARE(dock->list()->count(), valid);
            auto* warnings = dock->findChild<QLabel*>("queueWarnings");
            QVERIFY(warnings);
            QVERIFY2(!warnings->text().isEmpty(), text.c_str());
            QVERIFY(warnings->text().contains(file));
        }
    }

    void runQueueWithAQueueThatCannotBeSavedFailsTheJobInsteadOfAborting() {
        const QString folder = QString::fromStdString(tmp_.path("queue-folder"));
        std::filesystem::create_directory(folder.toStdString());
        MainWindow w(nullptr, folder);
        w.setDialogsEnabled(false);
        w.show();
        QueueDock* dock = dockOf(w);
        QVERIFY(dock);
        Job j;
        j.input = tmp_.path("missing.mp4");
        j.output = tmp_.path("o.mp4");
        j.keyframes.push_back(Keyframe{});
        j.keyframes[0].editor = "cartoon";
        dock->queue().add(j);
        dock->startRunner();
        QTRY_VERIFY_WITH_TIMEOUT(!dock->running(), 30000);
        QCOMPARE(dock->queue().entries().at(0).state, JobState::Failed);
        QTRY_VERIFY(dock->findChild<QLabel*>("queueWarnings")->text().contains("saved"));
    }
};

QTEST_MAIN(QueueFileTest)
#include "QueueFileTest.moc"
