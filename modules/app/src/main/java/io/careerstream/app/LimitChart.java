package io.careerstream.app;

import io.careerstream.churn.ChurnEvaluation;
import io.careerstream.churn.TradeOffCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The achievable limit of {@code model evaluate} as a chart: F1 against the detection delay for
 * the stream's model, the Bayes-optimal rule and each customer's hidden parameters, through their
 * P(alive) levels; each against the median delay (solid) and the 90th percentile (dashed), since a
 * median alone can be bought with alerts that come very late for half the drop-outs.
 */
final class LimitChart {

    private static final Color[] COLOURS = {new Color(0x1f77b4), Color.BLACK, new Color(0x999999)};

    private LimitChart() {
    }

    static void write(ChurnEvaluation.Result result, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(650)
                .title(String.format(Locale.ROOT, "F1 against the delay: the stream's model and the limits (%,d customers, seed %d)",
                        result.customers(), result.seed()))
                .xAxisTitle("days from the real drop-out to the alert (solid: median, dashed: 90th percentile)")
                .yAxisTitle("F1").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(400.0);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(15f));
        for (TradeOffCurve.Delay measure : List.of(TradeOffCurve.Delay.MEDIAN, TradeOffCurve.Delay.P90)) {
            List<TradeOffCurve> curves = result.curves(measure);
            for (int i = 0; i < curves.size(); i++) {
                TradeOffCurve curve = curves.get(i);
                if (curve.isEmpty()) {
                    continue;
                }
                XYSeries series = chart.addSeries(curve.name() + ", " + measure.label() + " delay", curve.delays(), curve.f1());
                series.setLineColor(COLOURS[i]);
                series.setMarkerColor(COLOURS[i]);
                series.setMarker(i == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                series.setLineStyle(measure == TradeOffCurve.Delay.MEDIAN
                        ? new BasicStroke(i == 0 ? 2.5f : 2f)
                        : new BasicStroke(i == 0 ? 2f : 1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            }
        }
        Charts.save(chart, file);
    }
}
