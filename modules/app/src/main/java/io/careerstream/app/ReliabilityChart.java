package io.careerstream.app;

import io.careerstream.churn.HoldoutCalibration;
import io.careerstream.churn.InnerSplitRecalibration;
import io.careerstream.churn.ReliabilityTable;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reliability diagram of {@code model evaluate}'s calibration check: for each model, its deciles
 * of predicted P(at least one purchase in the holdout) against the share of those customers who
 * bought; a calibrated model's points lie on the diagonal. With a recalibration, the picked model's
 * deciles after it are drawn too.
 */
final class ReliabilityChart {

    private ReliabilityChart() {
    }

    static void write(HoldoutCalibration.Result result, String data, Path file) throws IOException {
        write(result, null, data, file);
    }

    /** {@code recalibration} may be null. */
    static void write(HoldoutCalibration.Result result, InnerSplitRecalibration.Result recalibration, String data, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(700)
                .title(String.format(Locale.ROOT, "Reliability: %s, %,d customers, %.0f-week holdout", data,
                        result.customers(), result.holdoutWeeks()))
                .xAxisTitle("predicted P(at least one purchase in the holdout), decile mean")
                .yAxisTitle("share of those customers who bought").build();
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
        XYSeries diagonal = chart.addSeries("calibrated", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        diagonal.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        for (HoldoutCalibration.ModelCalibration m : result.models()) {
            ReliabilityTable t = m.table();
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s%s (ECE %.3f)", m.entry().model().name(),
                            m == result.picked() ? ", picked" : "", t.expectedCalibrationError()),
                    t.bins().stream().mapToDouble(ReliabilityTable.Bin::meanPredicted).toArray(),
                    t.bins().stream().mapToDouble(ReliabilityTable.Bin::observed).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        if (recalibration != null) {
            InnerSplitRecalibration.ModelRecalibration picked = recalibration.picked();
            ReliabilityTable t = picked.byIntensity();
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s recalibrated inside the calibration period, x%.2f "
                            + "(ECE %.3f)", picked.entry().model().name(), picked.intensity().factor(), t.expectedCalibrationError()),
                    t.bins().stream().mapToDouble(ReliabilityTable.Bin::meanPredicted).toArray(),
                    t.bins().stream().mapToDouble(ReliabilityTable.Bin::observed).toArray());
            series.setMarker(SeriesMarkers.DIAMOND);
            series.setLineStyle(new BasicStroke(2.5f));
        }
        Charts.save(chart, file);
    }
}
