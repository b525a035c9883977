using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Sightline.Cli.Pictures
{
    /// <summary>A grid of frames, each captioned with the prediction (green when right, red when wrong).</summary>
    public static class PredictionGrid
    {
        /// <summary>One captioned tile: RGB8 pixels, top row first.</summary>
        public sealed class Tile
        {
            public Tile(byte[] rgb, int width, int height, string caption, bool correct)
            {
                Rgb = rgb;
                Width = width;
                Height = height;
                Caption = caption;
                Correct = correct;
            }

            public byte[] Rgb { get; }
            public int Width { get; }
            public int Height { get; }
            public string Caption { get; }
            public bool Correct { get; }
        }

        public static void Save(IReadOnlyList<Tile> tiles, string path, int columns = 8, int tileSize = 128)
        {
            if (tiles.Count == 0) throw new ArgumentException("no frames to draw", nameof(tiles));
            columns = Math.Min(columns, tiles.Count);
            int rows = (tiles.Count + columns - 1) / columns;
            const int caption = 34, margin = 6;
            int cellW = tileSize + margin, cellH = tileSize + caption + margin;
            using var surface = SKSurface.Create(new SKImageInfo(columns * cellW + margin, rows * cellH + margin));
            var canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            using var font = new SKFont(SKTypeface.Default, 12);
            using var good = new SKPaint { Color = new SKColor(0, 120, 0), IsAntialias = true };
            using var bad = new SKPaint { Color = new SKColor(200, 0, 0), IsAntialias = true };
            for (int i = 0; i < tiles.Count; i++)
            {
                var tile = tiles[i];
                float x = margin + (i % columns) * cellW, y = margin + (i / columns) * cellH;
                using (var bitmap = ToBitmap(tile))
                    canvas.DrawBitmap(bitmap, new SKRect(x, y, x + tileSize, y + tileSize));
                var paint = tile.Correct ? good : bad;
                var lines = tile.Caption.Split('\n');
                for (int l = 0; l < lines.Length && l < 2; l++)
                    canvas.DrawText(lines[l], x, y + tileSize + 14 + 14 * l, SKTextAlign.Left, font, paint);
            }
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }

        static SKBitmap ToBitmap(Tile tile)
        {
            var bitmap = new SKBitmap(new SKImageInfo(tile.Width, tile.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var rgba = new byte[tile.Width * tile.Height * 4];
            for (int p = 0, q = 0; p < tile.Width * tile.Height; p++, q += 3)
            {
                rgba[p * 4] = tile.Rgb[q];
                rgba[p * 4 + 1] = tile.Rgb[q + 1];
                rgba[p * 4 + 2] = tile.Rgb[q + 2];
                rgba[p * 4 + 3] = 255;
            }
            Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
            return bitmap;
        }
    }
}
