package io.careerstream.app;

import io.careerstream.churn.ChurnEvaluation;
import io.careerstream.churn.ChurnSimulation;
import io.careerstream.churn.RepeatPurchaseModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The precision-delay trade-off of {@code model evaluate} as a chart a marketer can read: one
 * line per model through its P(alive) thresholds (how sure an alert is against how many days after
 * the customer really left it comes), the naive rules as single points, the Bayes-optimal rule (the
 * limit of any model) dashed and each customer's hidden parameters (a bound beyond it) dotted. Drawn
 * with XChart; PNG, or SVG when the file name ends in .svg.
 */
final class TradeOffChart {

    private TradeOffChart() {
    }

    static void write(ChurnEvaluation.Result result, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(650)
                .title(String.format(Locale.ROOT, "Churn alerts: how sure against how late (%,d customers, seed %d)",
                        result.customers(), result.seed()))
                .xAxisTitle("median days from the real drop-out to the alert").yAxisTitle("precision (share of alerts that were right)")
                .build();
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(15f));
        Map<RepeatPurchaseModel, List<ChurnEvaluation.Row>> byModel = new LinkedHashMap<>();
        for (ChurnEvaluation.Row row : result.rows()) {
            byModel.computeIfAbsent(row.model(), m -> new java.util.ArrayList<>()).add(row);
        }
        byModel.forEach((model, rows) -> {
            List<ChurnEvaluation.Row> plotted = rows.stream().filter(r -> !Double.isNaN(r.score().medianDelayDays())).toList();
            if (plotted.isEmpty()) {
                return;
            }
            XYSeries series = chart.addSeries(model.name() + " (labels: P(alive) threshold)",
                    plotted.stream().mapToDouble(r -> r.score().medianDelayDays()).toArray(),
                    plotted.stream().mapToDouble(r -> r.score().precision()).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
        });
        // The Bayes-optimal rule (the achievable limit) and the bound (each customer's hidden parameters).
        reference(chart, "Bayes-optimal P(alive) (the limit)", result.bayes(),
                SeriesLines.DASH_DASH, Color.BLACK);
        reference(chart, "each customer's hidden parameters (bound)", result.bound(),
                SeriesLines.DOT_DOT, Color.GRAY);
        for (ChurnSimulation.Score s : result.baselines()) {
            if (!Double.isNaN(s.medianDelayDays())) {
                XYSeries point = chart.addSeries(s.rule(), new double[] {s.medianDelayDays()}, new double[] {s.precision()});
                point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                point.setMarker(SeriesMarkers.DIAMOND);
            }
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.0");
        // Threshold labels beside the points, so the reader can find the P(alive) level to configure.
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        for (ChurnEvaluation.Row row : result.rows()) {
            if (!Double.isNaN(row.score().medianDelayDays())) {
                chart.addAnnotation(new org.knowm.xchart.AnnotationText(String.format(Locale.ROOT, "%.2f", row.threshold()),
                        row.score().medianDelayDays() + 6, row.score().precision() - 0.02, false));
            }
        }
        Charts.save(chart, file);
    }

    private static void reference(XYChart chart, String name, List<ChurnSimulation.Score> scores, BasicStroke line,
                                  Color colour) {
        List<ChurnSimulation.Score> plotted = scores.stream().filter(s -> !Double.isNaN(s.medianDelayDays())).toList();
        if (!plotted.isEmpty()) {
            XYSeries series = chart.addSeries(name, plotted.stream().mapToDouble(ChurnSimulation.Score::medianDelayDays).toArray(),
                    plotted.stream().mapToDouble(ChurnSimulation.Score::precision).toArray());
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(line);
            series.setLineColor(colour);
        }
    }
}
