package org.hpckernel.cluster;

import org.hpckernel.magic.MagicException;

import java.time.Duration;

/** Time limits as people write them for Slurm: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
public final class TimeLimits {

    private TimeLimits() {
    }

    public static Duration parse(String text) {
        String t = text.strip();
        try {
            long days = 0;
            int dash = t.indexOf('-');
            if (dash > 0) {
                days = Long.parseLong(t.substring(0, dash));
                t = t.substring(dash + 1);
                String[] p = t.split(":");
                return Duration.ofDays(days).plusHours(Long.parseLong(p[0])).plusMinutes(p.length > 1 ? Long.parseLong(p[1]) : 0)
                        .plusSeconds(p.length > 2 ? Long.parseLong(p[2]) : 0);
            }
            String[] p = t.split(":");
            return switch (p.length) {
                case 1 -> Duration.ofMinutes(Long.parseLong(p[0]));
                case 2 -> Duration.ofMinutes(Long.parseLong(p[0])).plusSeconds(Long.parseLong(p[1]));
                case 3 -> Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1])).plusSeconds(Long.parseLong(p[2]));
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw new MagicException("--time takes MINUTES, HH:MM:SS or D-HH:MM:SS (like 30, 02:00:00 or 1-12:00:00), not '" + text + "'");
        }
    }
}
