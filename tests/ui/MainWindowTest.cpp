// The main window starts, shows, and renders offscreen.
#include <QtTest>

#include "ui/MainWindow.h"

class MainWindowTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void showsAndGrabs() {
        restyle::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QPixmap shot = w.grab();
        QVERIFY(!shot.isNull());
        QCOMPARE(w.windowTitle().left(7), QString("Restyle"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
