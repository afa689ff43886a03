package io.outrider.logistics.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.logistics.city.Weather;
import io.outrider.logistics.control.Switches;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.platform.ServiceName;
import java.time.Clock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EtaTest {

    @Test
    void formulaGrowsWithDistanceBadWeatherRushHourAndLoad() {
        double base = EtaFormula.minutes(3, 15, Weather.CLEAR, 1);

        assertThat(EtaFormula.minutes(6, 15, Weather.CLEAR, 1)).isGreaterThan(base);
        assertThat(EtaFormula.minutes(3, 15, Weather.STORM, 1))
                .isGreaterThan(EtaFormula.minutes(3, 15, Weather.RAIN, 1))
                .isGreaterThan(base);
        assertThat(EtaFormula.minutes(3, 12, Weather.CLEAR, 1)).isGreaterThan(base);
        assertThat(EtaFormula.minutes(3, 15, Weather.CLEAR, 3)).isEqualTo(base + 6);
        assertThatThrownBy(() -> EtaFormula.minutes(-1, 15, Weather.CLEAR, 1)).hasMessage("distanceKm < 0: -1.0");
    }

    @Test
    void modelIsCloserThanTheFormulaToWhatDeliveriesTake() {
        EtaModel model = EtaModel.train(42, 4000);
        SplittableRandom random = new SplittableRandom(99); // held-out deliveries, not the training draw
        double modelError = 0;
        double formulaError = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            double distance = 0.3 + random.nextDouble() * 12;
            int hour = random.nextInt(24);
            Weather weather = Weather.values()[random.nextInt(3)];
            double load = random.nextDouble() * 4;
            double actual = EtaModel.observedMinutes(distance, hour, weather, load, random);
            modelError += Math.abs(model.minutes(distance, hour, weather, load) - actual);
            formulaError += Math.abs(EtaFormula.minutes(distance, hour, weather, load) - actual);
        }

        assertThat(modelError / n)
                .as("model MAE vs formula MAE %.2f", formulaError / n)
                .isLessThan(formulaError / n * 0.8);
    }

    @Test
    void switchingTheModelOffAnswersByFormula() {
        Switches switches = new Switches();
        Clock clock = Clock.systemUTC();
        EtaService service =
                new EtaService(EtaModel.train(1, 500), switches, clock, new ServiceMetrics(ServiceName.ETA));
        EtaService.EtaRequest request = new EtaService.EtaRequest("shanghai", 4, 15, "rain", 1);

        assertThat(service.estimate(request).source()).isEqualTo("model");
        switches.set(EtaService.MODEL_SWITCH, false, null, clock.instant());
        assertThat(service.estimate(request))
                .isEqualTo(new EtaService.Estimate(EtaFormula.minutes(4, 15, Weather.RAIN, 1), "formula"));
    }

    @Test
    void withoutAModelTheFormulaAnswers() {
        EtaService service =
                new EtaService(null, new Switches(), Clock.systemUTC(), new ServiceMetrics(ServiceName.ETA));

        assertThat(service.estimate(new EtaService.EtaRequest("beijing", 2, 9, null, 0))
                        .source())
                .isEqualTo("formula");
    }
}
