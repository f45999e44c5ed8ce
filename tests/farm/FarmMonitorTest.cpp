// The batch queue's "Send to farm", offscreen, on a real one-node Slurm cluster: the
// selected job is submitted, its row follows Slurm's state, and the output arrives.
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <cstdlib>

#include "farm/FarmTestSupport.h"
#include "farm/SlurmTestCluster.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"
#include "ui/FarmMonitor.h"
#include "ui/QueueDock.h"

using namespace restyle;
using namespace restyle::ui;

class FarmMonitorTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sendToFarmShowsTheJoinStateAndTheOutputWhenItCompletes() {
        const std::string why = test::SlurmTestCluster::unavailableReason();
        if (!why.empty()) QSKIP(("no test Slurm cluster: " + why).c_str());
        const std::string clip = test::megamindClip();
        if (clip.empty()) QSKIP("Megamind.avi (Debian's opencv-doc) is not installed");
        test::SlurmTestCluster cluster;
        QVERIFY2(cluster.ready(), cluster.log().c_str());
        setenv("SLURM_CONF", cluster.conf().c_str(), 1);
        setenv("RESTYLE_CLI", RESTYLE_CLI, 1);  // what the tasks run: the one just built

        test::TempDir tmp;
        test::writeTwoKeyframeJob(tmp.path("job.json"), clip, tmp.path("out.mp4"), 18);
        const Job job = Job::load(tmp.path("job.json"));
        QueueDock dock(QString::fromStdString(tmp.path("queue.json")),
                       [&](const QString&) { return job; });
        QCOMPARE(dock.addPaths({QString::fromStdString(clip)}), 1);
        dock.list()->setCurrentRow(0);
        auto* farm = dock.findChild<FarmMonitor*>();
        QVERIFY(farm);
        farm->setPollInterval(300);
        QSignalSpy ready(farm, &FarmMonitor::outputReady);
        auto* send = dock.findChild<QPushButton*>("sendToFarm");
        QVERIFY(send);
        send->click();  // returns at once: planning and sbatch run on a worker thread
        QCOMPARE(farm->list()->count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 180000);
        QCOMPARE(ready.at(0).at(0).toString(), QString::fromStdString(tmp.path("out.mp4")));
        QVERIFY2(farm->list()->item(0)->text().contains("COMPLETED"),
                 qPrintable(farm->list()->item(0)->text()));
        QCOMPARE(probeVideo(tmp.path("out.mp4")).frames, int64_t(48));
    }
};

QTEST_MAIN(FarmMonitorTest)
#include "FarmMonitorTest.moc"
