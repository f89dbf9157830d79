package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uaespark.pipeline.executor.Cells;

/**
 * Durable per-unit results of a long stage: each work unit's rows are committed as one Parquet file
 * ({@code unit-000042.parquet}) plus a manifest ({@code unit-000042.json}) written last, so a unit is complete
 * exactly when its manifest and its data file exist. Files are written under a hidden temporary name and renamed into place; a
 * second attempt of the same unit (a retry, or a speculative copy) writes identical content, and when the name is
 * already taken its copy is simply dropped. A restarted stage skips the complete units; Spark reads the folder as
 * one table (hidden names are ignored).
 */
public final class ShardStore implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ShardStore.class);
    private static final Pattern MANIFEST = Pattern.compile("unit-(\\d{6})\\.json");

    private final String dir;
    private final HadoopConf hadoop;
    private final StructType schema;

    /**
     * @param dir    the shard folder
     * @param hadoop file-system configuration
     * @param schema the rows' schema (strings, ints, longs, doubles, booleans, floats and arrays of those)
     */
    public ShardStore(Path dir, HadoopConf hadoop, StructType schema) {
        this.dir = dir.toString();
        this.hadoop = hadoop;
        this.schema = schema;
    }

    /** The shard folder. */
    public Path dir() {
        return new Path(dir);
    }

    /** Whether unit {@code unit} is committed: its manifest and its data are both in place. */
    public boolean isComplete(int unit) {
        try {
            FileSystem fs = fs();
            return fs.exists(manifest(unit)) && fs.exists(data(unit));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + manifest(unit), e);
        }
    }

    /** The committed units (manifest and data in place), ascending. */
    public TreeSet<Integer> completed() {
        TreeSet<Integer> manifests = new TreeSet<>();
        Set<String> names = new HashSet<>();
        for (FileStatus f : list()) {
            names.add(f.getPath().getName());
            Matcher m = MANIFEST.matcher(f.getPath().getName());
            if (m.matches()) {
                manifests.add(Integer.parseInt(m.group(1)));
            }
        }
        manifests.removeIf(unit -> !names.contains(data(unit).getName()));
        return manifests;
    }

    /** The manifests of every committed unit, in unit order. */
    public List<UnitManifest> manifests() {
        TablePublisher json = new TablePublisher(hadoop.get());
        List<UnitManifest> out = new ArrayList<>();
        for (int unit : completed()) {
            out.add(json.readJson(manifest(unit), UnitManifest.class));
        }
        return out;
    }

    /** Commits unit {@code unit}: its rows, then its manifest. */
    public void commit(int unit, List<Row> rows, UnitManifest manifest) {
        try {
            FileSystem fs = fs();
            Path data = data(unit);
            Path tmp = hidden(data);
            MessageType type = messageType(schema);
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(tmp).withConf(hadoop.get())
                    .withType(type).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
                for (Row row : rows) {
                    writer.write(group(type, row));
                }
            } catch (IOException | RuntimeException | FSError e) {
                deleteQuietly(fs, tmp);
                throw e;
            }
            moveIntoPlace(fs, tmp, data);
            Path meta = manifest(unit);
            Path metaTmp = hidden(meta);
            try (OutputStream out = fs.create(metaTmp, false)) {
                Json.mapper().writeValue(out, manifest);
            } catch (IOException | RuntimeException | FSError e) {
                deleteQuietly(fs, metaTmp);
                throw e;
            }
            moveIntoPlace(fs, metaTmp, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit unit " + unit + " in " + dir, e);
        }
    }

    /** The Parquet data files of the committed units (what the stage reads back). */
    public List<String> dataFiles() {
        List<String> out = new ArrayList<>();
        for (int unit : completed()) {
            out.add(data(unit).toString());
        }
        return out;
    }

    /**
     * Renames {@code tmp} to {@code target}. A target already in place was committed by another attempt of the
     * unit with the same (deterministic) content, and the copy is dropped; a rename that fails with no target in
     * place is an error, so a unit is never marked done without its data.
     */
    private static void moveIntoPlace(FileSystem fs, Path tmp, Path target) throws IOException {
        if (!fs.exists(target) && fs.rename(tmp, target)) {
            return;
        }
        boolean committedByAnother = fs.exists(target);
        fs.delete(tmp, false);
        if (!committedByAnother) {
            throw new IOException("could not rename " + tmp + " to " + target + ", and no other attempt committed it");
        }
    }

    /** Removes a temporary file after a failed write (a full disk); the write's own error is what matters. */
    private static void deleteQuietly(FileSystem fs, Path tmp) {
        try {
            fs.delete(tmp, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove {}: {}", tmp, e.toString());
        }
    }

    private Path data(int unit) {
        return new Path(dir, String.format("unit-%06d.parquet", unit));
    }

    private Path manifest(int unit) {
        return new Path(dir, String.format("unit-%06d.json", unit));
    }

    private static Path hidden(Path target) {
        return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    }

    private FileStatus[] list() {
        try {
            FileSystem fs = fs();
            return fs.exists(dir()) ? fs.listStatus(dir()) : new FileStatus[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private FileSystem fs() throws IOException {
        return dir().getFileSystem(hadoop.get());
    }

    /** The Parquet schema Spark reads back as {@code schema} (three-level lists with required elements). */
    static MessageType messageType(StructType schema) {
        List<Type> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Type.Repetition repetition = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            if (f.dataType() instanceof ArrayType array) {
                fields.add(Types.list(repetition).requiredElement(primitive(array.elementType(), f.name()))
                        .named(f.name()));
            } else if (f.dataType().equals(DataTypes.StringType)) {
                fields.add(Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(f.name()));
            } else {
                fields.add(Types.primitive(primitive(f.dataType(), f.name()), repetition).named(f.name()));
            }
        }
        return new MessageType("spark_schema", fields);
    }

    private static PrimitiveTypeName primitive(DataType type, String column) {
        if (type.equals(DataTypes.IntegerType)) {
            return PrimitiveTypeName.INT32;
        } else if (type.equals(DataTypes.LongType)) {
            return PrimitiveTypeName.INT64;
        } else if (type.equals(DataTypes.DoubleType)) {
            return PrimitiveTypeName.DOUBLE;
        } else if (type.equals(DataTypes.FloatType)) {
            return PrimitiveTypeName.FLOAT;
        } else if (type.equals(DataTypes.BooleanType)) {
            return PrimitiveTypeName.BOOLEAN;
        }
        throw new IllegalArgumentException("column " + column + ": type " + type.simpleString() + " is not supported");
    }

    private Group group(MessageType type, Row row) {
        SimpleGroup g = new SimpleGroup(type);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            String name = fields[i].name();
            DataType t = fields[i].dataType();
            if (t instanceof ArrayType array) {
                Group list = g.addGroup(name);
                if (array.elementType().equals(DataTypes.FloatType)) {
                    for (float v : Cells.floats(row.get(i))) {
                        list.addGroup("list").append("element", v);
                    }
                } else {
                    for (int v : Cells.ints(row.get(i))) {
                        list.addGroup("list").append("element", v);
                    }
                }
            } else if (t.equals(DataTypes.StringType)) {
                g.append(name, row.getString(i));
            } else if (t.equals(DataTypes.IntegerType)) {
                g.append(name, row.getInt(i));
            } else if (t.equals(DataTypes.LongType)) {
                g.append(name, row.getLong(i));
            } else if (t.equals(DataTypes.DoubleType)) {
                g.append(name, row.getDouble(i));
            } else if (t.equals(DataTypes.FloatType)) {
                g.append(name, row.getFloat(i));
            } else {
                g.append(name, row.getBoolean(i));
            }
        }
        return g;
    }
}
